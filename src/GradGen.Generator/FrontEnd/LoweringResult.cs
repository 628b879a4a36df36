using System.Collections.Immutable;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>What the front end made of one [Differentiable] method: the model to generate from (null
    /// when there is nothing to generate or the method has errors) and every diagnostic found.</summary>
    internal sealed class LoweringResult
    {
        public LoweringResult(MethodModel? model, ImmutableArray<Diagnostic> diagnostics)
        {
            Model = model;
            Diagnostics = diagnostics;
        }

        public MethodModel? Model { get; }

        public ImmutableArray<Diagnostic> Diagnostics { get; }

        /// <summary>The models of the methods of this compilation whose pushforwards this method's pushforward would call
        /// (see <see cref="MethodModel.ForwardCallees"/>), for a forward-mode caller to collect; empty for a method marked
        /// <c>Forward = true</c>, whose own model lists them.</summary>
        public ImmutableArray<MethodModel> ForwardReach { get; init; } = ImmutableArray<MethodModel>.Empty;

        /// <summary>Why this method, which is not marked <c>Forward = true</c>, could not be differentiated in forward mode
        /// (a call with varying arguments to a method of another assembly that has no pushforward): errors for a
        /// forward-mode method that calls it. Empty when nothing stands in the way.</summary>
        public ImmutableArray<Diagnostic> ForwardBlockers { get; init; } = ImmutableArray<Diagnostic>.Empty;

        /// <summary>The models of the methods of this compilation whose pullbacks this method's pullback calls with varying
        /// arguments, and those their pullbacks call, for a second-order caller to collect (see <see cref="MethodModel.SecondOrderCallees"/>).</summary>
        public ImmutableArray<MethodModel> SecondOrderReach { get; init; } = ImmutableArray<MethodModel>.Empty;

        /// <summary>Why this method's pullback cannot be pushed forward (a call it makes that second derivatives cannot go
        /// through): the reason a <c>Hessian = true</c> caller gives in its GG0027. Empty when nothing stands in the way.</summary>
        public ImmutableArray<string> SecondOrderBlockers { get; init; } = ImmutableArray<string>.Empty;

        public bool HasErrors
        {
            get
            {
                foreach (Diagnostic d in Diagnostics)
                {
                    if (d.Severity == DiagnosticSeverity.Error) return true;
                }

                return false;
            }
        }
    }
}
