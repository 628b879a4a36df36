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
    /// <summary>
    /// GG1008 on a member of <c>this</c>: adds <c>WithRespectToThis = true</c> to the method's <c>[Differentiable]</c>
    /// attribute, so the instance's double, float and array members are differentiated instead of held constant.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WithRespectToThisCodeFix))]
    public sealed class WithRespectToThisCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.MemberHeldConstant);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node) return;
            ExpressionSyntax? expression = node.AncestorsAndSelf().OfType<ExpressionSyntax>().FirstOrDefault(e => e.Span == context.Span);
            if (expression is null || !ReadsThis(model, expression)) return;
            if (expression.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                || model.GetDeclaredSymbol(method, context.CancellationToken) is not { IsStatic: false }
                || DifferentiableAttribute(model, method) is not { } attribute)
            {
                return;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Differentiate with respect to this instance (WithRespectToThis = true)",
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(attribute, WithRespectToThis(attribute)))),
                    equivalenceKey: nameof(WithRespectToThisCodeFix)),
                context.Diagnostics);
        }

        /// <summary>An instance member read through <c>this</c>, written or implicit (<c>W</c>, <c>this.W</c>, <c>Inner.X</c>).</summary>
        private static bool ReadsThis(SemanticModel model, ExpressionSyntax expression)
        {
            for (ExpressionSyntax current = expression; ;)
            {
                switch (current)
                {
                    case ThisExpressionSyntax:
                        return true;
                    case MemberAccessExpressionSyntax access when model.GetSymbolInfo(access).Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false }:
                        current = access.Expression;
                        continue;
                    case IdentifierNameSyntax name:
                        return model.GetSymbolInfo(name).Symbol is IFieldSymbol { IsStatic: false } or IPropertySymbol { IsStatic: false };
                    default:
                        return false;
                }
            }
        }

        private static AttributeSyntax? DifferentiableAttribute(SemanticModel model, MethodDeclarationSyntax method) =>
            method.AttributeLists.SelectMany(list => list.Attributes).FirstOrDefault(a =>
                model.GetSymbolInfo(a).Symbol is IMethodSymbol { ContainingType: { Name: "DifferentiableAttribute", ContainingNamespace.Name: "GradGen" } }
                && a.ArgumentList?.Arguments.Any(arg => arg.NameEquals?.Name.Identifier.ValueText == "WithRespectToThis") != true);

        private static AttributeSyntax WithRespectToThis(AttributeSyntax attribute)
        {
            string existing = attribute.ArgumentList is { Arguments.Count: > 0 } list ? string.Join(", ", list.Arguments.Select(a => a.ToString())) + ", " : string.Empty;
            AttributeArgumentListSyntax arguments = SyntaxFactory.ParseAttributeArgumentList("(" + existing + "WithRespectToThis = true)")!;
            return attribute.WithArgumentList(attribute.ArgumentList is { } old ? arguments.WithTriviaFrom(old) : arguments);
        }
    }
}
