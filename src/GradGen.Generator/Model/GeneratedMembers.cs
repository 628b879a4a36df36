using System.Collections.Generic;

namespace GradGen.Generator.Model
{
    /// <summary>The members GradGen generates for a [Differentiable] method <c>F</c>.</summary>
    internal enum GeneratedMemberKind : byte
    {
        /// <summary><c>FGradient(p1, ..., pn)</c>.</summary>
        Gradient,

        /// <summary><c>FValueAndGradient(p1, ..., pn)</c>.</summary>
        ValueAndGradient,

        /// <summary><c>FPullback(p1, ..., pn, seed, adjoints...)</c>.</summary>
        Pullback,

        /// <summary><c>FPushforward(p1, ..., pn, tangents...)</c>: only for a method marked
        /// <c>[Differentiable(Forward = true)]</c>, or one that such a method calls.</summary>
        Pushforward,

        /// <summary><c>FJacobian(p1, ..., pn)</c>: only for a vector-valued method (a tuple of reals), which gets no
        /// <see cref="Gradient"/> or <see cref="ValueAndGradient"/>.</summary>
        Jacobian,

        /// <summary><c>FHessianVectorProduct(p1, ..., pn, v1, ..., vk)</c>: only for a scalar method marked
        /// <c>[Differentiable(Hessian = true)]</c>; the Hessian times a direction, shaped as the gradient.</summary>
        HessianVectorProduct,

        /// <summary><c>FHessian(p1, ..., pn)</c>: only with <see cref="HessianVectorProduct"/>; a new symmetric <c>T[K, K]</c>.</summary>
        Hessian,
    }

    /// <summary>What a parameter of a generated member stands for.</summary>
    internal enum SlotKind : byte
    {
        /// <summary>F's own parameter <see cref="GeneratedParameter.Index"/>, passed as F takes it.</summary>
        Parameter,

        /// <summary>The adjoint of F's result (<c>seed</c>), of F's return type.</summary>
        Seed,

        /// <summary>The adjoint of F's differentiable parameter <see cref="GeneratedParameter.Index"/>.</summary>
        Adjoint,

        /// <summary>The tangent of F's differentiable parameter <see cref="GeneratedParameter.Index"/> (the pushforward's
        /// direction).</summary>
        Tangent,
    }

    /// <summary>One parameter of a generated member; <see cref="Index"/> is a position in F's parameter list.</summary>
    internal readonly record struct GeneratedParameter(SlotKind Kind, int Index);

    /// <summary>
    /// The one definition of the generated members' names and signatures (CONTRACT "Generated members"):
    /// the front end checks collisions and finds callees' pullbacks with it, the emitter writes the
    /// members from it. A new member (a pushforward, a Hessian) is a new kind here.
    /// </summary>
    internal static class GeneratedMembers
    {
        public static readonly GeneratedMemberKind[] All =
        {
            GeneratedMemberKind.Gradient,
            GeneratedMemberKind.ValueAndGradient,
            GeneratedMemberKind.Pullback,
            GeneratedMemberKind.Pushforward,
            GeneratedMemberKind.Jacobian,
            GeneratedMemberKind.HessianVectorProduct,
            GeneratedMemberKind.Hessian,
        };

        /// <summary>Whether a member of <paramref name="kind"/> is generated: a helper gets its pullback only; a scalar method
        /// its gradient, value-and-gradient and pullback; a vector-valued one its pullback and Jacobian; the pushforward is
        /// public with <c>Forward = true</c>, and hidden for a vector-valued method without it (its Jacobian may call it).</summary>
        public static bool IsGenerated(GeneratedMemberKind kind, bool isImplicit, bool forward, bool vectorValued, bool hessian = false) => kind switch
        {
            _ when isImplicit => kind == GeneratedMemberKind.Pullback,
            GeneratedMemberKind.HessianVectorProduct or GeneratedMemberKind.Hessian => hessian && !vectorValued,
            GeneratedMemberKind.Gradient or GeneratedMemberKind.ValueAndGradient => !vectorValued,
            GeneratedMemberKind.Jacobian => vectorValued,
            GeneratedMemberKind.Pushforward => forward || vectorValued,
            _ => true,
        };

        /// <summary><c>FGradient</c>, <c>FValueAndGradient</c>, <c>FPullback</c>, <c>FPushforward</c> for a method named F.</summary>
        /// <summary>The name under which a method's memberwise derivatives are generated (<c>FMemberwisePullback</c>, taking each
        /// model-type parameter followed by its members), for callers that pass model values.</summary>
        public static string MemberwiseName(string method) => method + "Memberwise";

        /// <summary>The hidden member of a method that second derivatives reach through calls: its pullback pushed forward
        /// (<c>FPullbackPushforward(p1, ..., pn, tangents..., seed, seedTangent, adjoints..., adjointTangents...)</c>, returning
        /// the value and its tangent), which forward-over-reverse calls where the gradient calls <c>FPullback</c>.</summary>
        public static string PullbackPushforwardName(string method) => method + "PullbackPushforward";

        public static string NameOf(string method, GeneratedMemberKind kind) => method + kind switch
        {
            GeneratedMemberKind.Gradient => "Gradient",
            GeneratedMemberKind.ValueAndGradient => "ValueAndGradient",
            GeneratedMemberKind.Pushforward => "Pushforward",
            GeneratedMemberKind.Jacobian => "Jacobian",
            GeneratedMemberKind.HessianVectorProduct => "HessianVectorProduct",
            GeneratedMemberKind.Hessian => "Hessian",
            _ => "Pullback",
        };

        /// <summary>The member's parameters, in order, for a method whose parameters are differentiable as given; a vector-valued
        /// method's pullback takes <paramref name="seeds"/> seeds, one per element of its result (Index: the element).</summary>
        public static IEnumerable<GeneratedParameter> Parameters(GeneratedMemberKind kind, IReadOnlyList<bool> differentiable, int seeds = 0)
        {
            for (int i = 0; i < differentiable.Count; i++) yield return new GeneratedParameter(SlotKind.Parameter, i);
            if (kind is GeneratedMemberKind.Pushforward or GeneratedMemberKind.HessianVectorProduct)
            {
                for (int i = 0; i < differentiable.Count; i++)
                {
                    if (differentiable[i]) yield return new GeneratedParameter(SlotKind.Tangent, i);
                }

                yield break;
            }

            if (kind != GeneratedMemberKind.Pullback) yield break;
            if (seeds == 0) yield return new GeneratedParameter(SlotKind.Seed, -1);
            for (int i = 0; i < seeds; i++) yield return new GeneratedParameter(SlotKind.Seed, i);
            for (int i = 0; i < differentiable.Count; i++)
            {
                if (differentiable[i]) yield return new GeneratedParameter(SlotKind.Adjoint, i);
            }
        }

        /// <summary>The gradient's type for a parameter: the same real type for a scalar, a new array for an array or span,
        /// a new array of the same shape for a jagged or two-dimensional array.</summary>
        public static TypeRef GradientType(TypeRef parameter) => parameter.IsScalar || parameter.IsGrid ? parameter : parameter.Element.WithShape(Shape.Array);

        /// <summary>The pullback's adjoint for a parameter: <c>ref T</c> for a scalar, <c>Span&lt;T&gt;</c> for an array or span,
        /// an array of the same shape for a jagged or two-dimensional array.</summary>
        public static TypeRef AdjointType(TypeRef parameter) => parameter.IsScalar || parameter.IsGrid ? parameter : parameter.Element.WithShape(Shape.Span);

        /// <summary>The pushforward's tangent for a parameter (CONTRACT "More derivatives"): the same real type for a scalar,
        /// <c>ReadOnlySpan&lt;T&gt;</c> for an array or span, an array of the same shape for a jagged or two-dimensional array.
        /// Always by value: the pushforward only reads it.</summary>
        public static TypeRef TangentType(TypeRef parameter) => parameter.IsScalar || parameter.IsGrid ? parameter : parameter.Element.WithShape(Shape.ReadOnlySpan);

        /// <summary>Whether the pullback takes the adjoint of this parameter by reference.</summary>
        public static bool AdjointIsByRef(TypeRef parameter) => parameter.IsScalar;
    }
}
