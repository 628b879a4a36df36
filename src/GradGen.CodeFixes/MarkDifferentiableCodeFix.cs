using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
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
            if (root.FindNode(reference.Span) is not MethodDeclarationSyntax method) return solution;
            SyntaxTriviaList leading = method.GetLeadingTrivia();
            MethodDeclarationSyntax marked = method
                .WithoutLeadingTrivia()
                .WithAttributeLists(method.AttributeLists.Insert(0, CodeFixHelpers.AttributeList("Differentiable").WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed)))
                .WithLeadingTrivia(leading);
            marked = marked.WithAttributeLists(marked.AttributeLists.Replace(marked.AttributeLists[0], marked.AttributeLists[0].WithLeadingTrivia(leading)));
            if (marked.AttributeLists.Count > 1)
            {
                // Keep the indentation of the line that follows.
                marked = marked.WithAttributeLists(marked.AttributeLists.Replace(marked.AttributeLists[1], marked.AttributeLists[1].WithLeadingTrivia(IndentationOf(leading))));
            }
            else
            {
                marked = marked.WithModifiers(IndentFirstModifier(marked, leading));
            }

            return solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNode(method, marked));
        }

        private static SyntaxTriviaList IndentationOf(SyntaxTriviaList leading) =>
            SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());

        private static SyntaxTokenList IndentFirstModifier(MethodDeclarationSyntax method, SyntaxTriviaList leading)
        {
            if (method.Modifiers.Count == 0) return method.Modifiers;
            return method.Modifiers.Replace(method.Modifiers[0], method.Modifiers[0].WithLeadingTrivia(IndentationOf(leading)));
        }
    }
}
