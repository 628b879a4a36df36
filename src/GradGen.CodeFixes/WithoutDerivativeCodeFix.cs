using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.CodeFixes
{
    /// <summary>
    /// GG0006, GG0008, GG1001: wraps the flagged expression in <c>Gradients.WithoutDerivative(...)</c>,
    /// which says that its value is held constant (no derivative flows through it) — the explicit
    /// stop-gradient, in the spirit of Swift's <c>withoutDerivative(at:)</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WithoutDerivativeCodeFix))]
    public sealed class WithoutDerivativeCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
            DiagnosticIds.CallWithoutDerivative,
            DiagnosticIds.ActiveValueConversion,
            DiagnosticIds.ZeroDerivative,
            DiagnosticIds.ArgumentHeldConstant,
            DiagnosticIds.MemberHeldConstant);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node) return;
            ExpressionSyntax? expression = node.AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == context.Span);
            if (expression is null) return;

            string title = context.Diagnostics[0].Id is DiagnosticIds.ActiveValueConversion or DiagnosticIds.MemberHeldConstant
                ? "Hold the value constant with Gradients.WithoutDerivative(...)"
                : "Hold the result constant with Gradients.WithoutDerivative(...)";
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(expression, CodeFixHelpers.WithoutDerivative(model, expression)))),
                    equivalenceKey: nameof(WithoutDerivativeCodeFix)),
                context.Diagnostics);
        }
    }
}
