using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace GradGen.CodeFixes
{
    /// <summary>GG0005: marks a by-reference parameter [NoDerivative], so it is held constant.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AddNoDerivativeCodeFix))]
    public sealed class AddNoDerivativeCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.ByReferenceParameter);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault() is not { } parameter)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Mark the parameter [NoDerivative]",
                    _ =>
                    {
                        ParameterSyntax marked = parameter
                            .WithoutLeadingTrivia()
                            .AddAttributeLists(CodeFixHelpers.AttributeList("NoDerivative").WithTrailingTrivia(SyntaxFactory.Space))
                            .WithLeadingTrivia(parameter.GetLeadingTrivia());
                        return Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, marked)));
                    },
                    equivalenceKey: nameof(AddNoDerivativeCodeFix)),
                context.Diagnostics);
        }
    }

    /// <summary>GG1004: removes a [NoDerivative] that has no effect.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RemoveNoDerivativeCodeFix))]
    public sealed class RemoveNoDerivativeCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.RedundantNoDerivative);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is not { Parent: AttributeListSyntax list } attribute)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove [NoDerivative]",
                    _ =>
                    {
                        SyntaxNode updated = list.Attributes.Count == 1
                            ? root.RemoveNode(list, SyntaxRemoveOptions.KeepLeadingTrivia)!
                            : root.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
                        return Task.FromResult(context.Document.WithSyntaxRoot(updated.WithAdditionalAnnotations(Formatter.Annotation)));
                    },
                    equivalenceKey: nameof(RemoveNoDerivativeCodeFix)),
                context.Diagnostics);
        }
    }
}
