using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>Lowering of a call to a method that has a custom derivative (<see cref="CustomDerivatives"/>): a
    /// differentiable call whose pullback and pushforward are the user's static methods.</summary>
    internal sealed partial class MethodLowering
    {
        private Expr? LowerCustomDerivativeCall(IInvocationOperation invocation, IMethodSymbol target, Expr[] args, CustomDerivative custom)
        {
            string display = target.ContainingType.Name + "." + target.Name;
            if (custom.Pullback is null)
            {
                // Every [Differentiable] method gets reverse-mode members, so a pushforward alone is not enough, unless
                // GradGen can differentiate the callee itself: then only forward mode uses the custom one.
                if (SymbolFacts.IsDifferentiable(target) || SymbolFacts.IsImplicitCandidate(target) && _calls.IsInSource(target.OriginalDefinition))
                {
                    return LowerDifferentiableCall(invocation, target, args) is DiffCall generated
                        ? generated with { CustomPushforward = Member(custom.Pushforward!) }
                        : null;
                }

                Report(DiagnosticDescriptors.CallWithoutDerivative, invocation.Syntax.GetLocation(), display,
                    "it has a custom pushforward ('" + custom.Pushforward!.Name + "') but no custom pullback, which reverse mode needs; add a static method marked [CustomPullback(typeof("
                    + target.ContainingType.Name + "), nameof(" + display + "))]");
                return null;
            }

            foreach (IMethodSymbol? derivative in new[] { custom.Pullback, custom.Pushforward })
            {
                if (derivative is not null && !_semanticModel.Compilation.IsSymbolAccessibleWithin(derivative, _method.ContainingType))
                {
                    Report(DiagnosticDescriptors.CallWithoutDerivative, invocation.Syntax.GetLocation(), display,
                        "its custom derivative '" + derivative.ContainingType.Name + "." + derivative.Name + "' is not accessible here; make it internal or public");
                    return null;
                }
            }

            WarnOfArgumentsHeldConstant(invocation, target, args);
            if (NameOf(target.ContainingType, invocation.Syntax) is not { } owner) return null;
            if (CalleeParameters(invocation, target, args) is not { } parameters) return null;
            var call = new DiffCall(null, owner, target.Name, parameters.ToEquatableArray(), args.ToEquatableArray(), SymbolFacts.Classify(target.ReturnType)!.Value)
            {
                CustomPullback = Member(custom.Pullback),
                CustomPushforward = custom.Pushforward is null ? null : Member(custom.Pushforward),
            };
            _callLocations.Add((call, invocation.Syntax.GetLocation()));
            NoteDifferentiableCall(call, target.OriginalDefinition, invocation.Syntax.GetLocation());
            return call;

            DerivativeMember Member(IMethodSymbol method) => new(SymbolFacts.NameOf(method.ContainingType), method.Name);
        }
    }
}
