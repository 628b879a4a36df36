using System.Collections.Generic;
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
            _ => DerivativeMode.None,
        };

        /// <summary>The bodies of <paramref name="model"/>'s generated members that have one, by member (only the pullback for a
        /// method differentiated because others call it).</summary>
        public static IReadOnlyDictionary<GeneratedMemberKind, DerivativeBody> Differentiate(MethodModel model)
        {
            MethodFacts facts = MethodFacts.Of(model);
            var bodies = new Dictionary<GeneratedMemberKind, DerivativeBody>();
            foreach (GeneratedMemberKind member in GeneratedMembers.All)
            {
                if (model.IsImplicit && member != GeneratedMemberKind.Pullback) continue; // only its pullback is generated

                switch (ModeOf(member))
                {
                    case DerivativeMode.Reverse:
                        DerivativeKind kind = member == GeneratedMemberKind.Pullback ? DerivativeKind.Pullback : DerivativeKind.Gradient;
                        bodies[member] = ReverseMode.Differentiate(facts, kind);
                        break;
                }
            }

            return bodies;
        }
    }
}
