using System.Collections.Generic;
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
    /// <summary>
    /// GG0001: adds <c>partial</c> to every type declaration between the document root and the
    /// [Differentiable] methods inside the flagged type (the flagged type, the types around it, and
    /// the types between it and the methods), in one edit.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakePartialCodeFix))]
    public sealed class MakePartialCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ContainingTypeNotPartial);

        public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindToken(context.Span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } type)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Make the containing types partial",
                    cancellationToken => MakePartialAsync(context.Document, new[] { type.Span }, cancellationToken),
                    equivalenceKey: nameof(MakePartialCodeFix)),
                context.Diagnostics);
        }

        private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
            MakePartialAsync(document, diagnostics.Select(d => d.Location.SourceSpan), context.CancellationToken)!;

        /// <summary>One replacement for all flagged types, so that types they share are edited once.</summary>
        private static async Task<Document> MakePartialAsync(Document document, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans, CancellationToken cancellationToken)
        {
            SyntaxNode root = (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false))!;
            var targets = new HashSet<TypeDeclarationSyntax>();
            foreach (var span in spans)
            {
                if (root.FindToken(span.Start).Parent?.AncestorsAndSelf().OfType<TypeDeclarationSyntax>().FirstOrDefault() is not { } type) continue;
                foreach (TypeDeclarationSyntax outer in type.AncestorsAndSelf().OfType<TypeDeclarationSyntax>()) targets.Add(outer);
                foreach (MethodDeclarationSyntax method in type.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(IsMarkedDifferentiable))
                {
                    foreach (TypeDeclarationSyntax between in method.Ancestors().OfType<TypeDeclarationSyntax>().TakeWhile(t => t != type)) targets.Add(between);
                }
            }

            targets.RemoveWhere(t => t.Modifiers.Any(SyntaxKind.PartialKeyword));
            SyntaxNode updated = root.ReplaceNodes(targets, (original, rewritten) => AddPartial((TypeDeclarationSyntax)rewritten));
            return document.WithSyntaxRoot(updated);
        }

        private static bool IsMarkedDifferentiable(MethodDeclarationSyntax method) =>
            method.AttributeLists.SelectMany(l => l.Attributes).Any(a =>
            {
                string name = a.Name is QualifiedNameSyntax q ? q.Right.Identifier.ValueText : a.Name is SimpleNameSyntax s ? s.Identifier.ValueText : a.Name.ToString();
                return name is "Differentiable" or "DifferentiableAttribute";
            });

        private static TypeDeclarationSyntax AddPartial(TypeDeclarationSyntax type)
        {
            if (type.Modifiers.Any(SyntaxKind.PartialKeyword)) return type;

            // partial goes last among the modifiers, right before the keyword (class, struct, record).
            SyntaxToken partialKeyword = SyntaxFactory.Token(SyntaxKind.PartialKeyword).WithTrailingTrivia(SyntaxFactory.Space);
            if (type.Modifiers.Count == 0)
            {
                SyntaxToken keyword = type.Keyword;
                partialKeyword = partialKeyword.WithLeadingTrivia(keyword.LeadingTrivia);
                return type.WithKeyword(keyword.WithLeadingTrivia(SyntaxFactory.TriviaList())).WithModifiers(SyntaxFactory.TokenList(partialKeyword));
            }

            return type.WithModifiers(type.Modifiers.Add(partialKeyword));
        }
    }
}
