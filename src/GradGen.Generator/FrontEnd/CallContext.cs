using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>What a differentiable callee (a [Differentiable] method, or a method of the user's own source that one
    /// calls) offers its callers.</summary>
    internal enum CalleeStatus
    {
        /// <summary>It has a generated pullback.</summary>
        Differentiable,

        /// <summary>It has no differentiable parameters (GG1005): its result is a constant.</summary>
        Constant,

        /// <summary>It has errors, so nothing is generated for it.</summary>
        Invalid,
    }

    /// <summary>
    /// What lowering a method needs to know about the [Differentiable] methods it calls: whether each
    /// can be differentiated, and whether a call closes a cycle. One context serves a whole compilation
    /// (held weakly, so it dies with it), so each method is lowered once however many methods call it.
    /// Callees are lowered deepest first, so a long chain of calls never recurses deeply.
    /// </summary>
    internal sealed class CallContext
    {
        private static readonly ConditionalWeakTable<Compilation, CallContext> Shared = new();

        /// <summary>How deep callee lowerings may nest before the rest of the chain is settled iteratively.</summary>
        private const int SettleDepth = 8;

        [System.ThreadStatic]
        private static HashSet<IMethodSymbol>? t_inProgress;

        [System.ThreadStatic]
        private static int t_depth;

        private readonly Compilation _compilation;
        private readonly ConcurrentDictionary<IMethodSymbol, LoweringResult> _results = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, IMethodSymbol[]> _callees = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

        private CallContext(Compilation compilation)
        {
            _compilation = compilation;
        }

        public static CallContext For(Compilation compilation) => Shared.GetValue(compilation, c => new CallContext(c));

        private static HashSet<IMethodSymbol> InProgress => t_inProgress ??= new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

        /// <summary>The lowering of <paramref name="method"/> (computed once per compilation).</summary>
        public LoweringResult Lower(MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            _models.TryAdd(model.SyntaxTree, model); // the caller's model has bound this tree: reuse it
            return LowerOnce(method.OriginalDefinition, syntax, method, model, cancellationToken);
        }

        private LoweringResult LowerOnce(IMethodSymbol key, MethodDeclarationSyntax syntax, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
        {
            if (_results.TryGetValue(key, out LoweringResult? known)) return known;
            InProgress.Add(key);
            t_depth++;
            try
            {
                LoweringResult result = MethodLowering.LowerNow(syntax, method, model, this, cancellationToken);
                return _results.GetOrAdd(key, result);
            }
            finally
            {
                t_depth--;
                InProgress.Remove(key);
            }
        }

        private CustomDerivatives? _customDerivatives;

        /// <summary>The custom derivatives the compilation declares, found once per compilation.</summary>
        public CustomDerivatives Custom(CancellationToken cancellationToken)
        {
            CustomDerivatives? found = Volatile.Read(ref _customDerivatives);
            if (found is not null) return found;
            found = CustomDerivatives.Find(_compilation, ModelFor, cancellationToken);
            return Interlocked.CompareExchange(ref _customDerivatives, found, null) ?? found;
        }

        /// <summary>A semantic model per tree, shared, so that no method body is bound twice.</summary>
        internal SemanticModel ModelFor(SyntaxTree tree) =>
#pragma warning disable RS1030 // Callees may live in other trees; one model per tree is kept and reused.
            _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030

        /// <summary>Whether <paramref name="method"/> (declared in this compilation) will have a pullback.</summary>
        public CalleeStatus Status(IMethodSymbol method, CancellationToken cancellationToken)
        {
            IMethodSymbol key = method.OriginalDefinition;
            if (!_results.TryGetValue(key, out LoweringResult? result))
            {
                if (InProgress.Contains(key) || GetDeclaration(key, _compilation) is not { } declaration)
                {
                    return CalleeStatus.Invalid; // a cycle (reported as recursion where it closes), or no body here
                }

                // Deep in a chain of calls, settle everything this callee reaches first, deepest first:
                // each of those lowerings then finds its own callees settled, and the stack stays shallow.
                if (t_depth >= SettleDepth)
                {
                    foreach (IMethodSymbol reached in CalleesDeepestFirst(key, cancellationToken))
                    {
                        if (!_results.ContainsKey(reached) && !InProgress.Contains(reached) && GetDeclaration(reached, _compilation) is { } reachedDeclaration)
                        {
                            LowerOnce(reached, reachedDeclaration, reached.PartialImplementationPart ?? reached, ModelFor(reachedDeclaration.SyntaxTree), cancellationToken);
                        }
                    }
                }

                IMethodSymbol target = key.PartialImplementationPart ?? key;
                result = LowerOnce(key, declaration, target, ModelFor(declaration.SyntaxTree), cancellationToken);
            }

            return result.Model is not null ? CalleeStatus.Differentiable
                : result.HasErrors ? CalleeStatus.Invalid
                : CalleeStatus.Constant;
        }

        /// <summary>The lowering of <paramref name="method"/> once <see cref="Status"/> has settled it, or null.</summary>
        public LoweringResult? ResultOf(IMethodSymbol method) =>
            _results.TryGetValue(method.OriginalDefinition, out LoweringResult? result) ? result : null;

        /// <summary>True when <paramref name="from"/> reaches <paramref name="to"/> through calls between
        /// [Differentiable] methods (including a direct call).</summary>
        public bool Reaches(IMethodSymbol from, IMethodSymbol to, CancellationToken cancellationToken)
        {
            var seen = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            var stack = new Stack<IMethodSymbol>();
            stack.Push(from.OriginalDefinition);
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

        /// <summary>Every [Differentiable] method reachable from <paramref name="method"/>, callees before their
        /// callers (a post-order, computed without recursion).</summary>
        private List<IMethodSymbol> CalleesDeepestFirst(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var order = new List<IMethodSymbol>();
            var visited = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default) { method };
            var stack = new Stack<(IMethodSymbol Method, IEnumerator<IMethodSymbol> Next)>();
            stack.Push((method, ((IEnumerable<IMethodSymbol>)DifferentiableCallees(method, cancellationToken)).GetEnumerator()));
            while (stack.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                (IMethodSymbol current, IEnumerator<IMethodSymbol> next) = stack.Peek();
                if (next.MoveNext())
                {
                    IMethodSymbol callee = next.Current;
                    if (visited.Add(callee))
                    {
                        stack.Push((callee, ((IEnumerable<IMethodSymbol>)DifferentiableCallees(callee, cancellationToken)).GetEnumerator()));
                    }

                    continue;
                }

                stack.Pop();
                if (!SymbolEqualityComparer.Default.Equals(current, method)) order.Add(current);
            }

            return order;
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

        /// <summary>
        /// The member GradGen generated in another project as the <paramref name="member"/> derivative (a
        /// <c>GeneratedMember</c> name: "Pullback", "Pushforward") of <paramref name="method"/>: a method of the same type
        /// marked <c>[DerivativeOf]</c> with that method's name and that derivative, whose leading parameters are the
        /// method's own (same types, same ref kinds, in order), and which <paramref name="within"/> can call. Found by
        /// symbol and signature, never by name alone; null when there is none.
        /// </summary>
        public IMethodSymbol? GeneratedDerivative(IMethodSymbol method, string member, ISymbol within)
        {
            method = method.OriginalDefinition;
            foreach (ISymbol candidate in method.ContainingType.GetMembers())
            {
                if (candidate is not IMethodSymbol generated || generated.IsStatic != method.IsStatic) continue;
                if (generated.Parameters.Length < method.Parameters.Length) continue;
                bool marked = false;
                foreach (AttributeData attribute in generated.GetAttributes())
                {
                    if (attribute.AttributeClass is { Name: "DerivativeOfAttribute", ContainingNamespace: { Name: "GradGen", ContainingNamespace.IsGlobalNamespace: true } }
                        && attribute.ConstructorArguments.Length == 2
                        && attribute.ConstructorArguments[0].Value is string name && name == method.Name
                        && attribute.ConstructorArguments[1].Value is int kind
                        && attribute.AttributeClass.ContainingNamespace.GetTypeMembers("GeneratedMember").FirstOrDefault() is { } kinds
                        && kinds.GetMembers(member).FirstOrDefault() is IFieldSymbol { ConstantValue: int expected } && expected == kind)
                    {
                        marked = true;
                        break;
                    }
                }

                if (!marked) continue;
                bool same = true;
                for (int i = 0; i < method.Parameters.Length && same; i++)
                {
                    same = method.Parameters[i].RefKind == generated.Parameters[i].RefKind
                        && (SymbolEqualityComparer.Default.Equals(method.Parameters[i].Type, generated.Parameters[i].Type)
                            || method.IsGenericMethod && method.Parameters[i].Type.ToDisplayString() == generated.Parameters[i].Type.ToDisplayString());
                }

                if (same && _compilation.IsSymbolAccessibleWithin(generated, within)) return generated;
            }

            return null;
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

        private IMethodSymbol[] DifferentiableCallees(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = method.OriginalDefinition;
            if (_callees.TryGetValue(method, out IMethodSymbol[]? cached)) return cached;
            var result = new List<IMethodSymbol>();
            if (GetDeclaration(method, _compilation) is { } declaration)
            {
                SemanticModel model = ModelFor(declaration.SyntaxTree);
                SyntaxNode? body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
                if (body is not null)
                {
                    foreach (InvocationExpressionSyntax invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
                    {
                        if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation op
                            && (SymbolFacts.IsDifferentiable(op.TargetMethod) || SymbolFacts.IsImplicitCandidate(op.TargetMethod))
                            && IsInSource(op.TargetMethod))
                        {
                            result.Add(op.TargetMethod.OriginalDefinition);
                        }
                    }
                }
            }

            return _callees.GetOrAdd(method, result.ToArray());
        }
    }
}
