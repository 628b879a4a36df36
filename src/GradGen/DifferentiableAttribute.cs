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
    /// <see cref="NoDerivativeAttribute"/>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class DifferentiableAttribute : Attribute
    {
    }
}
