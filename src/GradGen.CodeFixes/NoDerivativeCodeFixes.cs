using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using GradGen.Generator.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

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
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || root?.FindNode(context.Span).AncestorsAndSelf().OfType<ParameterSyntax>().FirstOrDefault() is not { } parameter)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Mark the parameter [NoDerivative]",
                    _ =>
                    {
                        // After the parameter's own attributes, or first: "[Units] [NoDerivative] ref double x".
                        ParameterSyntax marked;
                        if (parameter.AttributeLists.Count == 0)
                        {
                            AttributeListSyntax first = CodeFixHelpers.AttributeList(model, parameter.SpanStart, "NoDerivative")
                                .WithLeadingTrivia(parameter.GetLeadingTrivia())
                                .WithTrailingTrivia(SyntaxFactory.Space);
                            marked = parameter.WithoutLeadingTrivia();
                            marked = marked.WithAttributeLists(marked.AttributeLists.Insert(0, first));
                        }
                        else
                        {
                            AttributeListSyntax last = parameter.AttributeLists[parameter.AttributeLists.Count - 1];
                            AttributeListSyntax added = CodeFixHelpers.AttributeList(model, parameter.SpanStart, "NoDerivative")
                                .WithTrailingTrivia(last.GetTrailingTrivia());
                            marked = parameter
                                .ReplaceNode(last, last.WithTrailingTrivia(SyntaxFactory.Space))
                                .WithAttributeLists(parameter.AttributeLists.Replace(last, last.WithTrailingTrivia(SyntaxFactory.Space)).Add(added));
                        }

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
            if (root?.FindNode(context.Span).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault() is not { Parent: AttributeListSyntax { Parent: ParameterSyntax parameter } list } attribute)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Remove [NoDerivative]",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(parameter, Remove(parameter, list, attribute)))),
                    equivalenceKey: nameof(RemoveNoDerivativeCodeFix)),
                context.Diagnostics);
        }

        /// <summary>Removes one attribute; an attribute list left empty goes with its trailing space, and the
        /// parameter keeps its own leading trivia. Nothing else in the document is touched.</summary>
        private static ParameterSyntax Remove(ParameterSyntax parameter, AttributeListSyntax list, AttributeSyntax attribute)
        {
            if (list.Attributes.Count > 1)
            {
                return parameter.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
            }

            SyntaxTriviaList leading = parameter.GetLeadingTrivia();
            ParameterSyntax without = parameter.WithAttributeLists(parameter.AttributeLists.Remove(list));
            return without.WithLeadingTrivia(leading);
        }
    }
}
