using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// What lowering one method needs to know about the [Differentiable] methods it calls: whether
    /// each can be differentiated, and whether a call closes a cycle. Results are cached for the
    /// lifetime of one lowering (callees are lowered once, not once per call).
    /// </summary>
    /// <summary>What a [Differentiable] callee offers its callers.</summary>
    internal enum CalleeStatus
    {
        /// <summary>It has a generated pullback.</summary>
        Differentiable,

        /// <summary>It has no differentiable parameters (GG1005): its result is a constant.</summary>
        Constant,

        /// <summary>It has errors, so nothing is generated for it.</summary>
        Invalid,
    }

    internal sealed class CallContext
    {
        private readonly Compilation _compilation;
        private readonly Dictionary<IMethodSymbol, CalleeStatus> _valid = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _callees = new(SymbolEqualityComparer.Default);
        private readonly HashSet<IMethodSymbol> _inProgress = new(SymbolEqualityComparer.Default);

        public CallContext(Compilation compilation)
        {
            _compilation = compilation;
        }

        /// <summary>True when <paramref name="from"/> reaches <paramref name="to"/> through calls between
        /// [Differentiable] methods (including a direct call).</summary>
        public bool Reaches(IMethodSymbol from, IMethodSymbol to, CancellationToken cancellationToken)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var stack = new Stack<IMethodSymbol>();
            stack.Push(from);
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                IMethodSymbol current = stack.Pop();
                if (SymbolEqualityComparer.Default.Equals(current, to)) return true;
                if (!seen.Add(current)) continue;
                foreach (IMethodSymbol callee in DifferentiableCallees(current, cancellationToken))
                {
                    stack.Push(callee);
                }
            }

            return false;
        }

        /// <summary>Whether GradGen can differentiate <paramref name="method"/> (declared in source), so that
        /// its pullback will exist.</summary>
        public CalleeStatus Status(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (_valid.TryGetValue(method, out CalleeStatus known)) return known;
            if (!_inProgress.Add(method)) return CalleeStatus.Invalid; // a cycle: reported as recursion where it is closed
            try
            {
                CalleeStatus status = CalleeStatus.Invalid;
                if (GetDeclaration(method, _compilation) is { } declaration)
                {
#pragma warning disable RS1030 // The callee may live in another tree; its model is needed to lower it.
                    SemanticModel model = _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                    LoweringResult result = MethodLowering.Lower(declaration, method, model, this, cancellationToken);
                    status = result.Model is not null ? CalleeStatus.Differentiable
                        : result.HasErrors ? CalleeStatus.Invalid
                        : CalleeStatus.Constant;
                }

                _valid[method] = status;
                return status;
            }
            finally
            {
                _inProgress.Remove(method);
            }
        }

        /// <summary>Whether <paramref name="method"/> is declared in this compilation's own source (not in a
        /// referenced project, whose trees belong to another compilation).</summary>
        public bool IsInSource(IMethodSymbol method)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (_compilation.ContainsSyntaxTree(reference.SyntaxTree)) return true;
            }

            return false;
        }

        public static MethodDeclarationSyntax? GetDeclaration(IMethodSymbol method, Compilation? compilation = null)
        {
            if (method.PartialImplementationPart is { } implementation) method = implementation;
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (compilation is not null && !compilation.ContainsSyntaxTree(reference.SyntaxTree)) continue;
                if (reference.GetSyntax() is MethodDeclarationSyntax m && (m.Body is not null || m.ExpressionBody is not null))
                {
                    return m;
                }
            }

            return null;
        }

        private List<IMethodSymbol> DifferentiableCallees(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (_callees.TryGetValue(method, out List<IMethodSymbol>? cached)) return cached;
            var result = new List<IMethodSymbol>();
            _callees[method] = result;
            if (GetDeclaration(method, _compilation) is { } declaration)
            {
#pragma warning disable RS1030 // The callee may live in another tree; its model is needed to find its calls.
                SemanticModel model = _compilation.GetSemanticModel(declaration.SyntaxTree);
#pragma warning restore RS1030
                SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body is not null)
                {
                    foreach (InvocationExpressionSyntax invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation op
                            && SymbolFacts.IsDifferentiable(op.TargetMethod))
                        {
                            result.Add(op.TargetMethod.OriginalDefinition);
                        }
                    }
                }
            }

            return result;
        }
    }
}
