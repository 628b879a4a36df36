using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.FrontEnd;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace GradGen.Generator
{
    /// <summary>
    /// Reports, while the user types, everything in a [Differentiable] method that GradGen cannot
    /// differentiate. It runs the generator's own front end and nothing after it (no differentiation, no
    /// emission), so it flags exactly what the generator skips, every problem of a method at once, and
    /// costs the IDE no more than lowering. Should differentiation itself fail on a method the front end
    /// accepted, the generator reports that as GG9999.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class GradGenAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            DiagnosticDescriptors.ContainingTypeNotPartial,
            DiagnosticDescriptors.UnsupportedReturnType,
            DiagnosticDescriptors.UnsupportedVectorResult,
            DiagnosticDescriptors.SeedNameCollision,
            DiagnosticDescriptors.MethodWithoutBody,
            DiagnosticDescriptors.AsyncOrIterator,
            DiagnosticDescriptors.ByReferenceParameter,
            DiagnosticDescriptors.CallWithoutDerivative,
            DiagnosticDescriptors.UnsupportedStatement,
            DiagnosticDescriptors.ActiveValueConversion,
            DiagnosticDescriptors.WriteOutsideMethod,
            DiagnosticDescriptors.Recursion,
            DiagnosticDescriptors.MemberNameCollision,
            DiagnosticDescriptors.UnsupportedExpression,
            DiagnosticDescriptors.GenericMethod,
            DiagnosticDescriptors.UnsupportedLocalArray,
            DiagnosticDescriptors.CalleeHasErrors,
            DiagnosticDescriptors.LanguageVersionTooOld,
            DiagnosticDescriptors.ModelTypeNotBuildable,
            DiagnosticDescriptors.ModelValueUsedWhole,
            DiagnosticDescriptors.ComputedModelMember,
            DiagnosticDescriptors.WithRespectToThisWithoutInstance,
            DiagnosticDescriptors.CustomDerivativeMismatch,
            DiagnosticDescriptors.HessianOfVectorResult,
            DiagnosticDescriptors.HessianNotSupported,
            DiagnosticDescriptors.TypeParameterNotFloatingPoint,
            DiagnosticDescriptors.GenericConversionOfDifferentiableValue,
            DiagnosticDescriptors.ZeroDerivative,
            DiagnosticDescriptors.PiecewiseComparison,
            DiagnosticDescriptors.Kink,
            DiagnosticDescriptors.RedundantNoDerivative,
            DiagnosticDescriptors.NoDifferentiableParameters,
            DiagnosticDescriptors.ArgumentHeldConstant,
            DiagnosticDescriptors.StepOfDifferentiableValue,
            DiagnosticDescriptors.MemberHeldConstant,
            DiagnosticDescriptors.InternalError);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                INamedTypeSymbol? attribute = start.Compilation.GetTypeByMetadataName(SymbolFacts.DifferentiableAttributeName);
                if (attribute is null) return;
                // A helper's errors reach the analyzer through every method that calls it: reported once.
                var reportedElsewhere = new ConcurrentDictionary<(string Id, Location Location), bool>();
                start.RegisterSyntaxNodeAction(node => AnalyzeMethod(node, attribute, reportedElsewhere), SyntaxKind.MethodDeclaration);
                start.RegisterSyntaxNodeAction(
                    node => AnalyzeType(node, attribute),
                    SyntaxKind.ClassDeclaration,
                    SyntaxKind.StructDeclaration,
                    SyntaxKind.RecordDeclaration,
                    SyntaxKind.RecordStructDeclaration,
                    SyntaxKind.InterfaceDeclaration);
            });
        }

        /// <summary>GG0001 on a type that is not partial but contains (at any depth) a [Differentiable] method.</summary>
        private static void AnalyzeType(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
        {
            var type = (TypeDeclarationSyntax)context.Node;
            if (type.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
            foreach (SyntaxNode node in type.DescendantNodes())
            {
                if (node is not MethodDeclarationSyntax method || method.AttributeLists.Count == 0) continue;
                if (context.SemanticModel.GetDeclaredSymbol(method, context.CancellationToken) is not IMethodSymbol symbol) continue;
                foreach (AttributeData data in symbol.GetAttributes())
                {
                    if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                    {
                        context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ContainingTypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, symbol.Name));
                        return;
                    }
                }
            }
        }

        /// <summary>Whether the type declared at <paramref name="location"/> contains a [Differentiable] method (at any depth).</summary>
        private static bool HoldsDifferentiableMethod(Location location, SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute)
        {
            if (location.SourceTree?.GetRoot(context.CancellationToken).FindNode(location.SourceSpan) is not { } node
                || node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            {
                return false;
            }

            SemanticModel model = context.SemanticModel.SyntaxTree == type.SyntaxTree
                ? context.SemanticModel
#pragma warning disable RS1030 // The helper's type may be declared in another tree.
                : context.Compilation.GetSemanticModel(type.SyntaxTree);
#pragma warning restore RS1030
            foreach (MethodDeclarationSyntax method in type.DescendantNodes().OfType<MethodDeclarationSyntax>())
            {
                if (method.AttributeLists.Count == 0) continue;
                if (model.GetDeclaredSymbol(method, context.CancellationToken) is IMethodSymbol symbol
                    && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>GG0025 at a [CustomPullback] or [CustomPushforward] whose target is missing or whose signature matches no
        /// overload of it, or that another method already claims for the same target.</summary>
        private static void AnalyzeCustomDerivative(SyntaxNodeAnalysisContext context, IMethodSymbol method, AttributeData data, bool isPullback)
        {
            if (data.ApplicationSyntaxReference?.GetSyntax(context.CancellationToken) is not { } at) return;
            string kind = isPullback ? "pullback" : "pushforward";
            if (CustomDerivatives.Resolve(data, method, isPullback, out string why) is not { } target)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CustomDerivativeMismatch, at.GetLocation(), method.Name, kind, why));
                return;
            }

            CustomDerivative? chosen = CallContext.For(context.Compilation).Custom(context.CancellationToken).Of(target);
            IMethodSymbol? other = isPullback ? chosen?.Pullback : chosen?.Pushforward;
            if (other is not null && !SymbolEqualityComparer.Default.Equals(other, method))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.CustomDerivativeMismatch, at.GetLocation(), method.Name, kind,
                    "'" + other.ContainingType.Name + "." + other.Name + "' is already the custom " + kind + " of '" + target.ContainingType.Name + "." + target.Name + "'; keep one"));
            }
        }

        private static void AnalyzeMethod(SyntaxNodeAnalysisContext context, INamedTypeSymbol attribute, ConcurrentDictionary<(string Id, Location Location), bool> reportedElsewhere)
        {
            var syntax = (MethodDeclarationSyntax)context.Node;

            // Fast path: no attribute here, and not the implementation of a partial method (whose
            // attribute may sit on the other part).
            if (syntax.AttributeLists.Count == 0 && !syntax.Modifiers.Any(SyntaxKind.PartialKeyword)) return;
            if (context.SemanticModel.GetDeclaredSymbol(syntax, context.CancellationToken) is not IMethodSymbol method) return;
            bool marked = false;
            foreach (AttributeData data in method.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(data.AttributeClass, attribute))
                {
                    marked = true;
                }
                else if (CustomDerivatives.KindOf(data) is { } isPullback)
                {
                    AnalyzeCustomDerivative(context, method, data, isPullback);
                }
            }

            if (!marked) return;

            // The declaration part of a partial method: its implementation is analyzed where it stands.
            if (MethodLowering.IsPartialDeclarationWithImplementation(syntax, method)) return;

            LoweringResult result = MethodLowering.Lower(syntax, method, context.SemanticModel, CallContext.For(context.Compilation), context.CancellationToken);
            foreach (Diagnostic diagnostic in result.Diagnostics)
            {
                bool inThisMethod = diagnostic.Location.SourceTree == syntax.SyntaxTree && syntax.FullSpan.Contains(diagnostic.Location.SourceSpan);

                // A type of this method that is not partial is reported by the type's own action, where the fix applies.
                if (diagnostic.Id == DiagnosticIds.ContainingTypeNotPartial && syntax.Ancestors().Any(a => a is TypeDeclarationSyntax t && t.Identifier.GetLocation() == diagnostic.Location)) continue;

                // An error inside a helper this method calls (the helper is not [Differentiable], so no action of its own reports it),
                // once; GG0001 on a helper's type that also holds a [Differentiable] method is the type's own action's to report.
                if (!inThisMethod && !reportedElsewhere.TryAdd((diagnostic.Id, diagnostic.Location), true)) continue;
                if (!inThisMethod && diagnostic.Id == DiagnosticIds.ContainingTypeNotPartial && HoldsDifferentiableMethod(diagnostic.Location, context, attribute)) continue;
                context.ReportDiagnostic(diagnostic);
            }

        }
    }
}
