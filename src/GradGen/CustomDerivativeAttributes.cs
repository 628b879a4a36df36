using System;

namespace GradGen
{
    /// <summary>
    /// Marks a static method as the pullback (reverse-mode derivative) of another method: every call to that method inside a
    /// <see cref="DifferentiableAttribute"/> method uses this one instead of differentiating the callee. Use it for a method
    /// GradGen cannot differentiate (a special function of another library, code with native calls), or to give a method a
    /// better derivative than its code would (a numerically stable one, a closed form).
    /// </summary>
    /// <remarks>
    /// <para>
    /// The marked method's signature is the <c>FPullback</c> signature GradGen would generate for the target: the target's
    /// parameters, then <c>seed</c> (of the target's return type), then one adjoint per differentiable parameter of the target
    /// (<c>ref double</c> for a scalar, <c>Span&lt;double&gt;</c> for an array or span; float likewise). It returns the target's
    /// value and <b>adds</b> <c>seed * ∂target/∂pᵢ</c> into each adjoint. The target is found by symbol and signature (overloads
    /// are told apart by their parameter types), never by name alone; a target that does not exist or a signature that does
    /// not match is error GG0025 at this attribute, with the expected signature.
    /// </para>
    /// <code>
    /// [CustomPullback(typeof(SpecialFunctions), nameof(SpecialFunctions.Erf))]
    /// static double ErfPullback(double x, double seed, ref double xAdjoint)
    /// {
    ///     xAdjoint += seed * 2 / Math.Sqrt(Math.PI) * Math.Exp(-x * x);
    ///     return SpecialFunctions.Erf(x);
    /// }
    /// </code>
    /// <para>Check a custom derivative against finite differences with <see cref="GradientChecker"/>.</para>
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class CustomPullbackAttribute : Attribute
    {
        /// <summary>Marks the method as the pullback of <paramref name="methodName"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type that declares the target method (it may be in another assembly).</param>
        /// <param name="methodName">The target's name; write it with <c>nameof</c>.</param>
        public CustomPullbackAttribute(Type type, string methodName)
        {
            Type = type;
            MethodName = methodName;
        }

        /// <summary>The type that declares the target method.</summary>
        public Type Type { get; }

        /// <summary>The target method's name.</summary>
        public string MethodName { get; }
    }

    /// <summary>
    /// Marks a static method as the pushforward (forward-mode derivative) of another method: every call to that method inside a
    /// <c>[Differentiable(Forward = true)]</c> method's <c>FPushforward</c> uses this one.
    /// </summary>
    /// <remarks>
    /// The marked method's signature is the <c>FPushforward</c> signature GradGen would generate for the target: the target's
    /// parameters, then one tangent per differentiable parameter of the target (the scalar type for a scalar,
    /// <c>ReadOnlySpan&lt;double&gt;</c> for an array or span), returning <c>(double Value, double Tangent)</c>: the target's value
    /// and <c>Σ ∂target/∂pᵢ · tᵢ</c>. A method that is called where forward mode needs it and has a custom pullback but no
    /// custom pushforward is an error at the call. Mismatches are GG0025 at this attribute, as for
    /// <see cref="CustomPullbackAttribute"/>.
    /// </remarks>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
    public sealed class CustomPushforwardAttribute : Attribute
    {
        /// <summary>Marks the method as the pushforward of <paramref name="methodName"/> of <paramref name="type"/>.</summary>
        /// <param name="type">The type that declares the target method (it may be in another assembly).</param>
        /// <param name="methodName">The target's name; write it with <c>nameof</c>.</param>
        public CustomPushforwardAttribute(Type type, string methodName)
        {
            Type = type;
            MethodName = methodName;
        }

        /// <summary>The type that declares the target method.</summary>
        public Type Type { get; }

        /// <summary>The target method's name.</summary>
        public string MethodName { get; }
    }
}
