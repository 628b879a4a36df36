using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.HigherOrder
{
    /// <summary>
    /// Second order by forward-over-reverse (Clad's Hessian mode, Enzyme's forward mode over its reverse): reverse mode
    /// builds the gradient's body from the method, then forward mode pushes a direction v through that body with the same
    /// rules it uses for any method (so no derivative is written twice). The gradient's tangent along v is H·v; the tapes
    /// of the gradient's loops carry dual values (a tape of tangents in step with each one that saves varied values).
    /// <c>FHessian</c> calls the product once per unit vector.
    /// </summary>
    internal static class ForwardOverReverse
    {
        /// <summary>The body of <c>FHessianVectorProduct</c>: <paramref name="gradient"/> (reverse mode's <c>FGradient</c> body,
        /// built from <paramref name="facts"/>) pushed forward.</summary>
        public static DerivativeBody Differentiate(MethodFacts facts, DerivativeBody gradient) =>
            ForwardMode.DifferentiateGradient(MethodFacts.OfGradient(facts, gradient.Body), gradient);

        /// <summary>The body of a callee's <c>FPullbackPushforward</c>: <paramref name="pullback"/> (reverse mode's <c>FPullback</c> body,
        /// built from <paramref name="facts"/>) pushed forward, so that where a gradient calls the callee's pullback, the gradient
        /// pushed forward calls this instead.</summary>
        public static PullbackPushforwardBody DifferentiatePullback(MethodFacts facts, DerivativeBody pullback) =>
            ForwardMode.DifferentiatePullback(MethodFacts.OfPullback(facts, pullback), pullback);
    }
}
