using GradGen.Generator.Model;

namespace GradGen.Generator.Rules
{
    /// <summary>
    /// The derivatives of the elementary functions, as reverse mode and the analyses ask for them. The
    /// knowledge itself is one entry per function in <see cref="ElementaryFunctions"/>.
    /// </summary>
    internal static class DerivativeRules
    {
        /// <summary>Steps: their derivative is zero wherever it exists.</summary>
        public static bool IsPiecewiseConstant(Intrinsic function) => ElementaryFunctions.Of(function).Smoothness == Smoothness.Step;

        /// <summary>Whether ∂f/∂args[k] can be infinite where f itself is finite (see
        /// <see cref="ElementaryFunction.PartialCanBeInfinite"/>).</summary>
        public static bool PartialCanBeInfinite(Intrinsic function, Model.Call call, int k) => ElementaryFunctions.Of(function).PartialCanBeInfinite(call, k);

        /// <summary>∂f/∂args[k], as an expression of the arguments and of <paramref name="self"/> (the value of
        /// f(args), which the caller may have in a variable), or null when f does not depend on args[k]
        /// differentiably.</summary>
        public static Expr? Partial(Intrinsic function, Model.Call call, int k, Expr self) => ElementaryFunctions.Of(function).Partial(call, k, self);

        /// <summary>A few arithmetic operations: recomputing beats keeping the value on a tape.</summary>
        public static bool IsCheap(Intrinsic function) => ElementaryFunctions.Of(function).IsCheap;

        /// <summary>Whether a derivative that reads the call's own value should read it from a local.</summary>
        public static bool ReusesOwnValue(Intrinsic function) => ElementaryFunctions.Of(function).ReusesOwnValue;
    }
}
