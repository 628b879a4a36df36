using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradGen.CodeFixes
{
    internal static class CodeFixHelpers
    {
        /// <summary><c>Name</c> where <c>GradGen.Name</c> is in scope at <paramref name="position"/> (a using,
        /// a global using, or inside the namespace), otherwise <c>GradGen.Name</c>. No simplifier or
        /// formatter pass runs over the edit, so the rest of the line keeps its exact text.</summary>
        public static NameSyntax GradGenName(SemanticModel model, int position, string name, string? typeName = null)
        {
            foreach (ISymbol symbol in model.LookupNamespacesAndTypes(position, container: null, name: typeName ?? name))
            {
                if (symbol is INamedTypeSymbol { ContainingNamespace: { Name: "GradGen", ContainingNamespace.IsGlobalNamespace: true } })
                {
                    return SyntaxFactory.IdentifierName(name);
                }
            }

            return SyntaxFactory.QualifiedName(SyntaxFactory.IdentifierName("GradGen"), SyntaxFactory.IdentifierName(name));
        }

        /// <summary><c>Gradients.WithoutDerivative(expression)</c> (qualified where needed). The new tokens get
        /// plain spacing (no elastic trivia for a formatter to act on); the user's expression keeps its text.</summary>
        public static ExpressionSyntax WithoutDerivative(SemanticModel model, ExpressionSyntax expression)
        {
            ExpressionSyntax gradients = GradGenName(model, expression.SpanStart, "Gradients") is QualifiedNameSyntax qualified
                ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("GradGen"), qualified.Right)
                : SyntaxFactory.IdentifierName("Gradients");
            ExpressionSyntax callee = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, gradients, SyntaxFactory.IdentifierName("WithoutDerivative"))
                .NormalizeWhitespace();
            ArgumentListSyntax arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName("_"))))
                .NormalizeWhitespace();
            arguments = arguments.WithArguments(SyntaxFactory.SingletonSeparatedList(arguments.Arguments[0].WithExpression(expression.WithoutTrivia())));
            return SyntaxFactory.InvocationExpression(callee, arguments).WithTriviaFrom(expression);
        }

        /// <summary><c>[Name]</c> for an attribute of GradGen (qualified where needed), with plain spacing and
        /// no trivia of its own.</summary>
        public static AttributeListSyntax AttributeList(SemanticModel model, int position, string name) =>
            SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(GradGenName(model, position, name, name + "Attribute"))))
                .NormalizeWhitespace();

        /// <summary>The line ending the document already uses (CRLF when it has none yet).</summary>
        public static SyntaxTrivia EndOfLine(SyntaxNode root)
        {
            foreach (SyntaxTrivia trivia in root.DescendantTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia)) return trivia;
            }

            return SyntaxFactory.CarriageReturnLineFeed;
        }

        /// <summary>The whitespace that indents the line a node starts on (the end of its leading trivia).</summary>
        public static SyntaxTriviaList Indentation(SyntaxTriviaList leading) =>
            SyntaxFactory.TriviaList(leading.Reverse().TakeWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Reverse());
    }
}
