using System.Collections.Generic;

namespace GradGen.Generator.Model
{
    /// <summary>Which generated member a reverse sweep is built for.</summary>
    internal enum DerivativeKind
    {
        /// <summary><c>FPullback</c>: returns the value, accumulates <c>seed * gradient</c> into the caller's adjoints.</summary>
        Pullback,

        /// <summary><c>FGradient</c>: the gradient only (seed 1, value not needed), adjoints are locals.</summary>
        Gradient,
    }

    /// <summary>The body of a generated derivative member and the variables its signature binds.</summary>
    internal sealed class DerivativeBody
    {
        public DerivativeBody(Block body, Variable? seed, IReadOnlyList<(ParameterModel Parameter, Variable Adjoint)> adjoints)
        {
            Body = body;
            Seed = seed;
            Adjoints = adjoints;
        }

        public Block Body { get; }

        /// <summary>The pullback's seed parameter.</summary>
        public Variable? Seed { get; }

        /// <summary>For the pullback, the adjoint parameters; for the gradient, the locals it returns; for the pushforward, the
        /// tangent parameters.</summary>
        public IReadOnlyList<(ParameterModel Parameter, Variable Adjoint)> Adjoints { get; }
    }
}
