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
