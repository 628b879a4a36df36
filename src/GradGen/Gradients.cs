namespace GradGen
{
    /// <summary>
    /// Helpers that change how GradGen differentiates an expression.
    /// </summary>
    public static class Gradients
    {
        /// <summary>
        /// Returns <paramref name="value"/> unchanged, and tells GradGen to treat it as a constant:
        /// no derivative flows through it (a stop-gradient, like Swift's <c>withoutDerivative(at:)</c>).
        /// </summary>
        /// <remarks>
        /// Wrap a call that GradGen cannot differentiate when you know its result should be held
        /// constant, for example <c>Gradients.WithoutDerivative(Lookup(x))</c>.
        /// </remarks>
        public static T WithoutDerivative<T>(T value) => value;
    }
}
