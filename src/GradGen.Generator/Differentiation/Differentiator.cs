using System.Collections.Generic;
using GradGen.Generator.Differentiation.Forward;
using GradGen.Generator.Differentiation.HigherOrder;
using GradGen.Generator.Differentiation.Reverse;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation
{
    /// <summary>How the body of a generated member is built.</summary>
    internal enum DerivativeMode : byte
    {
        /// <summary>No body of its own: the member calls another one (<c>FValueAndGradient</c> calls <c>FPullback</c>).</summary>
        None,

        /// <summary>Reverse mode (<c>Differentiation/Reverse</c>): a forward sweep that saves what it must, then the
        /// adjoints from the result back to the parameters.</summary>
        Reverse,

        /// <summary>Forward mode (<c>Differentiation/Forward</c>): one pass in the method's order that carries a tangent beside
        /// every active value.</summary>
        Forward,

        /// <summary>Forward-over-reverse (<c>Differentiation/HigherOrder</c>): forward mode pushed through the gradient that reverse
        /// mode builds, so that the gradient's tangent is the Hessian times the direction.</summary>
        ForwardOverReverse,
    }

    /// <summary>
    /// The derivative builder: computes the facts a method's members share once, then builds each member's body
    /// with the mode that member needs. A new mode is a value of <see cref="DerivativeMode"/>, a folder beside
    /// <c>Reverse/</c>, and a case here.
    /// </summary>
    internal static class Differentiator
    {
        public static DerivativeMode ModeOf(GeneratedMemberKind member) => member switch
        {
            GeneratedMemberKind.Gradient or GeneratedMemberKind.Pullback => DerivativeMode.Reverse,
            GeneratedMemberKind.Pushforward => DerivativeMode.Forward,
            GeneratedMemberKind.HessianVectorProduct => DerivativeMode.ForwardOverReverse,
            _ => DerivativeMode.None,
        };

        /// <summary>The bodies of <paramref name="model"/>'s generated members that have one, by member (only the pullback for a
        /// method differentiated because others call it; the pushforward only for a method marked <c>Forward = true</c>).</summary>
        public static IReadOnlyDictionary<GeneratedMemberKind, DerivativeBody> Differentiate(MethodModel model)
        {
            MethodFacts facts = MethodFacts.Of(ModelParameters.Scalarized(model));
            var bodies = new Dictionary<GeneratedMemberKind, DerivativeBody>();
            foreach (GeneratedMemberKind member in GeneratedMembers.All)
            {
                if (!GeneratedMembers.IsGenerated(member, model.IsImplicit, model.Forward, model.IsVectorValued, model.Hessian)) continue;

                switch (ModeOf(member))
                {
                    case DerivativeMode.Reverse:
                        DerivativeKind kind = member == GeneratedMemberKind.Pullback ? DerivativeKind.Pullback : DerivativeKind.Gradient;
                        bodies[member] = ReverseMode.Differentiate(facts, kind);
                        break;
                    case DerivativeMode.Forward:
                        bodies[member] = ForwardMode.Differentiate(facts);
                        break;
                    case DerivativeMode.ForwardOverReverse:
                        // The gradient (built above: Gradient comes first in GeneratedMembers.All), pushed forward.
                        if (!bodies.TryGetValue(GeneratedMemberKind.Gradient, out DerivativeBody? gradient)) gradient = ReverseMode.Differentiate(facts, DerivativeKind.Gradient);
                        bodies[member] = ForwardOverReverse.Differentiate(facts, gradient);
                        break;
                }
            }

            return bodies;
        }

        /// <summary>The body of the pushforward of a method that a forward-mode method calls (<see cref="MethodModel.ForwardCallees"/>),
        /// which gets no other member in that file.</summary>
        public static DerivativeBody Pushforward(MethodModel model) => ForwardMode.Differentiate(MethodFacts.Of(ModelParameters.Scalarized(model)));

        /// <summary>The body of the pullback pushed forward of a method whose pullback a second-order method's gradient calls
        /// (<see cref="MethodModel.SecondOrderCallees"/>): its pullback, built by reverse mode, then pushed forward.</summary>
        public static PullbackPushforwardBody PullbackPushforward(MethodModel model)
        {
            MethodFacts facts = MethodFacts.Of(ModelParameters.Scalarized(model));
            DerivativeBody pullback = ReverseMode.Differentiate(facts, DerivativeKind.Pullback);
            return ForwardOverReverse.DifferentiatePullback(facts, pullback);
        }
    }
}
