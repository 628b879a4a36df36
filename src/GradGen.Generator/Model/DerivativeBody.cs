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
    /// <summary>The body of a method's pullback pushed forward (<see cref="GeneratedMembers.PullbackPushforwardName"/>) and the
    /// variables its signature binds: the pullback's seed and adjoints, and the tangents of the parameters, the seed and the adjoints.</summary>
    internal sealed class PullbackPushforwardBody
    {
        public PullbackPushforwardBody(Block body, DerivativeBody pullback, IReadOnlyList<(ParameterModel Parameter, Variable Tangent)> tangents, Variable seedTangent,
            IReadOnlyList<Variable> adjointTangents)
        {
            Body = body;
            Pullback = pullback;
            Tangents = tangents;
            SeedTangent = seedTangent;
            AdjointTangents = adjointTangents;
        }

        public Block Body { get; }

        /// <summary>The pullback pushed forward: its <see cref="DerivativeBody.Seed"/> and <see cref="DerivativeBody.Adjoints"/> are parameters.</summary>
        public DerivativeBody Pullback { get; }

        /// <summary>The tangents of the differentiable parameters, in order.</summary>
        public IReadOnlyList<(ParameterModel Parameter, Variable Tangent)> Tangents { get; }

        public Variable SeedTangent { get; }

        /// <summary>The tangent of each of <see cref="Pullback"/>'s adjoints, in the same order.</summary>
        public IReadOnlyList<Variable> AdjointTangents { get; }
    }
}
