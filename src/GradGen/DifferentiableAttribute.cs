using System;

namespace GradGen
{
    /// <summary>
    /// Marks a method whose gradient GradGen generates at compile time.
    /// </summary>
    /// <remarks>
    /// For <c>[Differentiable] R F(P1 p1, ..., Pn pn)</c> GradGen adds to the same partial type
    /// <c>FGradient</c>, <c>FValueAndGradient</c> and <c>FPullback</c>. The method needs a body,
    /// every containing type must be <c>partial</c>, and the return type is <see cref="double"/> or
    /// <see cref="float"/>. Every parameter of type <see cref="double"/>, <see cref="float"/>, an
    /// array of them or a span of them is differentiated unless it is marked
    /// <see cref="NoDerivativeAttribute"/>. So is a parameter of a model type: a struct, record struct, record or
    /// class whose fields and auto-properties hold <see cref="double"/>, <see cref="float"/>, their arrays or nested
    /// such types; its gradient is a value of the same type holding the partial derivatives.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
        /// <summary>
        /// Also generate the forward-mode derivative <c>FPushforward(p1, ..., pn, tangents...)</c>, which returns
        /// <c>(R Value, R Tangent)</c>: the value of the method (the same bits it returns) and its directional
        /// derivative along the given tangents, one per differentiable parameter (a <see cref="double"/> or
        /// <see cref="float"/> for a scalar, a <c>ReadOnlySpan</c> as long as the parameter for an array or span,
        /// an array of the same shape for a jagged or two-dimensional array). It costs about one run of the method
        /// whatever the number of parameters: the form for a derivative along one direction, or for a method with
        /// few inputs. It allocates nothing on the managed heap.
        /// </summary>
        /// <remarks>
        /// Methods that a forward-mode method calls (other <c>[Differentiable]</c> methods and helpers of the same
        /// project) get a pushforward too, hidden from IntelliSense, whether or not they set this property.
        /// </remarks>
        public bool Forward { get; set; }

        /// <summary>
        /// Also generate the second derivatives of a scalar method: <c>FHessian(p1, ..., pn)</c>, a new symmetric
        /// <c>T[K, K]</c> of the second partial derivatives with respect to the K scalar differentiable inputs (in
        /// declaration order, arrays flattened in order), and <c>FHessianVectorProduct(p1, ..., pn, v1, ..., vk)</c>,
        /// the Hessian times a direction (each vi shaped as the tangent of its parameter), shaped as <c>FGradient</c>'s
        /// result. Both are built by forward-over-reverse differentiation: forward mode pushed through the generated
        /// gradient, so one Hessian-vector product costs a small multiple of one gradient, and the Hessian K of them.
        /// </summary>
        /// <remarks>
        /// Not for a vector-valued method (GG0026). What forward-over-reverse cannot differentiate yet is an error at the
        /// construct (GG0027).
        /// </remarks>
        public bool Hessian { get; set; }

        /// <summary>
        /// Also differentiate with respect to the instance: on an instance method of a model type (a struct, record
        /// struct, record or class whose fields and auto-properties hold <see cref="double"/>, <see cref="float"/>,
        /// their arrays or nested such types), the fields and auto-properties the method reads are differentiable.
        /// The gradient's first element is then named <c>@this</c>, a value of the type holding the partial
        /// derivatives (alone, the gradient is that value), and <c>FPullback</c> takes <c>ref T thisAdjoint</c>
        /// right after <c>seed</c>, accumulated member by member.
        /// </summary>
        /// <remarks>
        /// Without it, a <see cref="double"/>, <see cref="float"/> or array member of <c>this</c> read by the method is a
        /// constant, and GradGen warns about it (GG1008).
        /// </remarks>
        public bool WithRespectToThis { get; set; }
    }
}
