using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace GradGen.CodeFixes
{
    internal static class CodeFixHelpers
    {
        /// <summary><c>GradGen.Name</c>, marked so that the workspace shortens it where a using allows.</summary>
        public static NameSyntax GradGenName(string name) =>
            SyntaxFactory.QualifiedName(SyntaxFactory.IdentifierName("GradGen"), SyntaxFactory.IdentifierName(name))
                .WithAdditionalAnnotations(Simplifier.Annotation);

        /// <summary><c>GradGen.Gradients.WithoutDerivative(expression)</c>, shortened where possible.</summary>
        public static ExpressionSyntax WithoutDerivative(ExpressionSyntax expression)
        {
            MemberAccessExpressionSyntax callee = SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("GradGen"), SyntaxFactory.IdentifierName("Gradients"))
                    .WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.IdentifierName("WithoutDerivative"));
            return SyntaxFactory.InvocationExpression(callee, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(expression.WithoutTrivia()))))
                .WithTriviaFrom(expression)
                .WithAdditionalAnnotations(Simplifier.Annotation);
        }

        public static AttributeListSyntax AttributeList(string name) =>
            SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(GradGenName(name))));
    }
}
