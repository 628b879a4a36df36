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
    /// GG0006 on a call to a static method GradGen cannot differentiate (a library's special function): writes the skeleton of
    /// a custom pullback for it, with the attribute and the exact signature GradGen looks for, beside the [Differentiable]
    /// method. Its body throws until the user writes the derivative, so a skeleton never passes for a derivative.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CustomPullbackCodeFix))]
    public sealed class CustomPullbackCodeFix : CodeFixProvider
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticIds.CallWithoutDerivative);

        // Each call gets a method of its own target; fixing them all at once would write one per call.
        public override FixAllProvider? GetFixAllProvider() => null;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            SyntaxNode? root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            SemanticModel? model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || root?.FindNode(context.Span, getInnermostNodeForTie: true) is not { } node) return;
            if (node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(i => i.Span == context.Span) is not { } invocation) return;
            if (model.GetSymbolInfo(invocation, context.CancellationToken).Symbol is not IMethodSymbol target || !CanHaveCustomPullback(target)) return;
            if (invocation.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } caller || caller.Parent is not TypeDeclarationSyntax type) return;

            string name = FreeName(model.GetDeclaredSymbol(type, context.CancellationToken), target.Name + "Pullback");
            context.RegisterCodeFix(
                CodeAction.Create(
                    "Write a custom pullback for '" + target.ContainingType.Name + "." + target.Name + "'",
                    token => Task.FromResult(context.Document.WithSyntaxRoot(AddSkeleton(root, model, caller, type, target, name, token))),
                    equivalenceKey: nameof(CustomPullbackCodeFix)),
                context.Diagnostics);
        }

        private static bool CanHaveCustomPullback(IMethodSymbol target) =>
            target.IsStatic && !target.IsGenericMethod && target.MethodKind == MethodKind.Ordinary && !target.ReturnsByRef && !target.ReturnsByRefReadonly
            && target.ReturnType.SpecialType is SpecialType.System_Double or SpecialType.System_Single;

        private static string FreeName(INamedTypeSymbol? type, string name)
        {
            if (type is null) return name;
            string candidate = name;
            for (int n = 2; type.GetMembers(candidate).Length > 0; n++) candidate = name + n;
            return candidate;
        }

        private static SyntaxNode AddSkeleton(SyntaxNode root, SemanticModel model, MethodDeclarationSyntax caller, TypeDeclarationSyntax type, IMethodSymbol target, string name, CancellationToken cancellationToken)
        {
            int position = caller.SpanStart;
            string owner = target.ContainingType.ToMinimalDisplayString(model, position);
            string Type(ITypeSymbol t) => t.ToMinimalDisplayString(model, position);
            string result = Type(target.ReturnType);

            var parameters = new List<string>();
            var adjoints = new List<string>();
            var what = new List<string>();
            foreach (IParameterSymbol p in target.Parameters)
            {
                string refKind = p.RefKind switch { RefKind.Ref => "ref ", RefKind.Out => "out ", RefKind.In => "in ", _ => string.Empty };
                parameters.Add(refKind + Type(p.Type) + " " + p.Name);
                if (AdjointOf(p, Type, SystemName(model, position, "Span")) is { } adjoint)
                {
                    adjoints.Add(adjoint + " " + p.Name + "Adjoint");
                    what.Add(p.Name + "Adjoint");
                }
            }

            parameters.Add(result + " seed");
            parameters.AddRange(adjoints);
            string call = owner + "." + target.Name + "(" + string.Join(", ", target.Parameters.Select(p => (p.RefKind == RefKind.Ref ? "ref " : p.RefKind == RefKind.In ? "in " : string.Empty) + p.Name)) + ")";
            string attribute = CodeFixHelpers.GradGenName(model, position, "CustomPullback", "CustomPullbackAttribute").ToString();
            string accessibility = target.DeclaredAccessibility == Accessibility.Public && caller.Modifiers.Any(SyntaxKind.PublicKeyword) ? "public" : "internal";
            string eol = CodeFixHelpers.EndOfLine(root).ToString();
            string indent = CodeFixHelpers.Indentation(caller.GetLeadingTrivia()).ToFullString();
            string inner = indent + "    ";
            string text =
                indent + "[" + attribute + "(typeof(" + owner + "), nameof(" + owner + "." + target.Name + "))]" + eol
                + indent + accessibility + " static " + result + " " + name + "(" + string.Join(", ", parameters) + ")" + eol
                + indent + "{" + eol
                + inner + "// Add seed * (the partial derivative of " + target.Name + " with respect to each parameter) into "
                + (what.Count == 0 ? "nothing (it has no differentiable parameter)" : string.Join(", ", what)) + "," + eol
                + inner + "// then return " + call + "." + eol
                + inner + "throw new " + SystemName(model, position, "NotImplementedException") + "(\"the custom pullback of " + owner + "." + target.Name + " is not written yet\");" + eol
                + indent + "}" + eol;
            MemberDeclarationSyntax skeleton = SyntaxFactory.ParseMemberDeclaration(eol + text)!;
            cancellationToken.ThrowIfCancellationRequested();
            SyntaxList<MemberDeclarationSyntax> members = type.Members.Insert(type.Members.IndexOf(caller) + 1, skeleton);
            return root.ReplaceNode(type, type.WithMembers(members));
        }

        /// <summary><c>Name</c> where System's type of that name is in scope at <paramref name="position"/>, else <c>System.Name</c>.</summary>
        private static string SystemName(SemanticModel model, int position, string name) =>
            model.LookupNamespacesAndTypes(position, name: name).Any(t => t is INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                ? name
                : "System." + name;

        /// <summary>The adjoint's type of a differentiable parameter, as GradGen's generated pullbacks take it: <c>ref T</c> for
        /// a double or float, <c>Span&lt;T&gt;</c> for an array or span of them, the same shape for a jagged or two-dimensional
        /// array; null for a parameter that is not differentiated.</summary>
        private static string? AdjointOf(IParameterSymbol p, System.Func<ITypeSymbol, string> name, string span)
        {
            if (p.RefKind is RefKind.Ref or RefKind.Out) return null;
            if (p.GetAttributes().Any(a => a.AttributeClass is { Name: "NoDerivativeAttribute", ContainingNamespace.Name: "GradGen" })) return null;
            string? Real(ITypeSymbol t) => t.SpecialType switch { SpecialType.System_Double => "double", SpecialType.System_Single => "float", _ => null };
            switch (p.Type)
            {
                case var t when Real(t) is { } scalar:
                    return "ref " + scalar;
                case IArrayTypeSymbol { Rank: 1, ElementType: IArrayTypeSymbol { Rank: 1 } row } jagged when Real(row.ElementType) is not null:
                    return name(jagged);
                case IArrayTypeSymbol { Rank: 2 } matrix when Real(matrix.ElementType) is not null:
                    return name(matrix);
                case IArrayTypeSymbol { Rank: 1 } array when Real(array.ElementType) is { } e:
                    return span + "<" + e + ">";
                case INamedTypeSymbol { IsGenericType: true, Name: "Span" or "ReadOnlySpan", ContainingNamespace.Name: "System" } spanType when Real(spanType.TypeArguments[0]) is { } s:
                    return span + "<" + s + ">";
                default:
                    return null;
            }
        }
    }
}
