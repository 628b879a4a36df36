using System;
using System.Text;
using System.Threading;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.FrontEnd;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace GradGen.Generator
{
    /// <summary>
    /// The GradGen source generator. The pipeline only wires the steps: the front end lowers each
    /// [Differentiable] method to a value-equatable <see cref="MethodModel"/> (no syntax, symbols or
    /// locations, so unchanged methods stay cached), and the emitter differentiates the model and
    /// writes the source. Methods with errors get nothing; the analyzer reports why.
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class GradGenGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            IncrementalValuesProvider<MethodModel> models = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    SymbolFacts.DifferentiableAttributeName,
                    predicate: static (node, _) => node is MethodDeclarationSyntax,
                    transform: static (context, cancellationToken) => Lower(context, cancellationToken))
                .WithTrackingName(TrackingNames.Lowered)
                .Where(static model => model is not null)
                .Select(static (model, _) => model!)
                .WithTrackingName(TrackingNames.Models);

            // Differentiation and emission are a tracked step of their own: their output is text, compared by value,
            // so an edit elsewhere neither differentiates nor writes this method again.
            IncrementalValuesProvider<GeneratedFile> files = models
                .Select(static (model, _) => GeneratedFile.For(model))
                .WithTrackingName(TrackingNames.Generated);

            context.RegisterSourceOutput(files, static (context, file) => Write(context, file));

            // The user's own methods that [Differentiable] methods call without the attribute get a pullback, once each
            // however many methods call them. Each caller's model holds the models of the helpers it reaches, so an
            // edit to a helper changes its callers' models, and only the helpers' files are written again.
            IncrementalValuesProvider<GeneratedFile> helperFiles = models
                .SelectMany(static (model, _) => model.ImplicitCallees)
                .Collect()
                .SelectMany(static (callees, _) => Distinct(callees))
                .WithTrackingName(TrackingNames.ImplicitCallees)
                .Select(static (model, _) => GeneratedFile.For(model))
                .WithTrackingName(TrackingNames.GeneratedImplicit);

            context.RegisterSourceOutput(helperFiles, static (context, file) => Write(context, file));

            // The methods that [Differentiable(Forward = true)] methods reach through calls and that generate no pushforward of
            // their own (helpers, [Differentiable] methods without Forward = true) get one, once each, in a file of its own.
            IncrementalValuesProvider<GeneratedFile> pushforwardFiles = models
                .SelectMany(static (model, _) => model.ForwardCallees)
                .Collect()
                .SelectMany(static (callees, _) => Distinct(callees))
                .WithTrackingName(TrackingNames.ForwardCallees)
                .Select(static (model, _) => GeneratedFile.ForPushforward(model))
                .WithTrackingName(TrackingNames.GeneratedForward);

            context.RegisterSourceOutput(pushforwardFiles, static (context, file) => Write(context, file));

            // The methods whose pullbacks the gradients of [Differentiable(Hessian = true)] methods reach through calls get their
            // pullback pushed forward, once each, in a file of its own: the Hessian-vector products call it.
            IncrementalValuesProvider<GeneratedFile> secondOrderFiles = models
                .SelectMany(static (model, _) => model.SecondOrderCallees)
                .Collect()
                .SelectMany(static (callees, _) => Distinct(callees))
                .WithTrackingName(TrackingNames.SecondOrderCallees)
                .Select(static (model, _) => GeneratedFile.ForPullbackPushforward(model))
                .WithTrackingName(TrackingNames.GeneratedSecondOrder);

            context.RegisterSourceOutput(secondOrderFiles, static (context, file) => Write(context, file));
        }

        /// <summary>One model per helper (their hint names name them), in hint-name order so the output is deterministic.</summary>
        private static System.Collections.Generic.IEnumerable<MethodModel> Distinct(System.Collections.Immutable.ImmutableArray<MethodModel> callees)
        {
            var byHint = new System.Collections.Generic.SortedDictionary<string, MethodModel>(System.StringComparer.Ordinal);
            foreach (MethodModel callee in callees)
            {
                if (!byHint.ContainsKey(callee.HintName)) byHint.Add(callee.HintName, callee);
            }

            return byHint.Values;
        }

        private static MethodModel? Lower(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetNode is not MethodDeclarationSyntax syntax || context.TargetSymbol is not IMethodSymbol method)
            {
                return null;
            }

            LoweringResult result = MethodLowering.Lower(syntax, method, context.SemanticModel, CallContext.For(context.SemanticModel.Compilation), cancellationToken);
            return result.Model;
        }

        private static void Write(SourceProductionContext context, GeneratedFile file)
        {
            if (file.Source is not { } source)
            {
                // GradGen failed on a method it accepted: say so (the model keeps no location, so the
                // diagnostic names the method), and generate nothing for it rather than take the rest of the
                // compilation's generated code down with it.
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, file.MethodName, file.Failure));
                return;
            }

            try
            {
                context.AddSource(file.HintName, SourceText.From(source, Encoding.UTF8));
            }
            catch (ArgumentException)
            {
                // A hint name another method already took (only invalid code gets here: hint names hash the
                // method's identity). Losing this one file beats Roslyn dropping every generated file.
            }
        }
    }
}
