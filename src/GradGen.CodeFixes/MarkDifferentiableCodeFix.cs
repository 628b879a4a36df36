using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.CodeFixes
{
    /// <summary>GG0006: when the callee is the user's own method (declared in source), marks it
    /// [Differentiable] so that GradGen differentiates it and the call flows through its pullback.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MarkDifferentiableCodeFix))]
    public sealed class MarkDifferentiableCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CallWithoutDerivative);

        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault() is not { } invocation
                || model?.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol callee)
            {
                return;
            }

            callee = callee.OriginalDefinition;
            if (callee.MethodKind != MethodKind.Ordinary || callee.IsAbstract || callee.IsExtern) return;
            SyntaxReference? reference = callee.DeclaringSyntaxReferences.FirstOrDefault();
            if (reference is null) return;
            Document? calleeDocument = context.Document.Project.Solution.GetDocument(reference.SyntaxTree);
            if (calleeDocument is null) return;

            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Mark '{callee.Name}' [Differentiable]",
                    cancellationToken => MarkAsync(context.Document.Project.Solution, calleeDocument, reference, cancellationToken),
                    equivalenceKey: nameof(MarkDifferentiableCodeFix)),
                context.Diagnostics);
        }

        private static async Task<Solution> MarkAsync(Solution solution, Document document, SyntaxReference reference, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            SemanticModel model = (await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false))!;
            if (root.FindNode(reference.Span) is not MethodDeclarationSyntax method) return solution;

            // [Differentiable] on a line of its own, above what was there (attributes or modifiers), with
            // the method's doc comment and indentation kept, in the document's own line endings.
            SyntaxTriviaList leading = method.GetLeadingTrivia();
            AttributeListSyntax attribute = CodeFixHelpers.AttributeList(model, method.SpanStart, "Differentiable")
                .WithLeadingTrivia(leading)
                .WithTrailingTrivia(CodeFixHelpers.EndOfLine(root));
            MethodDeclarationSyntax marked = method.WithLeadingTrivia(CodeFixHelpers.Indentation(leading));
            marked = marked.WithAttributeLists(marked.AttributeLists.Insert(0, attribute));
            return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(method, marked));
        }
    }
}
