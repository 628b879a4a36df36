using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// What forward mode needs from the front end: whether the method is marked <c>[Differentiable(Forward = true)]</c>,
    /// which methods of the compilation its pushforward reaches through calls (they get a pushforward too, whether or not
    /// they are marked so), and which calls cannot be pushed forward (a method of another assembly built without
    /// <c>Forward = true</c> has no pushforward to call): errors at the call when this method is a forward-mode one, and
    /// otherwise reasons a forward-mode caller reports.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Every call to a differentiable callee (not to the method itself), with where it is.</summary>
        private readonly List<(DiffCall Call, IMethodSymbol Callee, Location Location)> _differentiableCalls = new();

        private readonly SortedDictionary<string, MethodModel> _forwardReach = new(System.StringComparer.Ordinal);

        private readonly List<Diagnostic> _forwardBlockers = new();

        /// <summary>The method is marked <c>[Differentiable(Forward = true)]</c> (on either part of a partial method).</summary>
        private bool IsMarkedForward => SymbolFacts.IsForward(_method) || (_method.PartialDefinitionPart is { } definition && SymbolFacts.IsForward(definition));

        /// <summary>A pushforward is generated: the method is marked <c>Forward = true</c>, or it is vector-valued (its
        /// <c>FJacobian</c> may push forward one column at a time, through a hidden pushforward). What stands in the way of it
        /// is then an error of this method.</summary>
        private bool IsForward => IsMarkedForward || _vector is not null;

        private void NoteDifferentiableCall(DiffCall call, IMethodSymbol callee, Location location) => _differentiableCalls.Add((call, callee, location));

        /// <summary>Once activity is known: the callees reached through calls whose arguments vary, and what stands in the way
        /// of their pushforwards.</summary>
        private void ResolveForwardCalls(HashSet<int> varied)
        {
            foreach ((DiffCall call, IMethodSymbol callee, Location location) in _differentiableCalls)
            {
                if (!Activity.IsVaried(call, varied, throughUnknownCalls: true)) continue;
                if (call.CustomPushforward is not null) continue;
                if (call.CustomPullback is not null)
                {
                    ForwardProblem(Diagnostic.Create(DiagnosticDescriptors.CalleeHasErrors, location, callee.Name,
                        "forward mode needs its pushforward, and it has a custom pullback but no custom pushforward; add a static method marked [CustomPushforward(typeof("
                        + callee.ContainingType.Name + "), nameof(" + callee.ContainingType.Name + "." + callee.Name + "))]"));
                    continue;
                }

                if (!_calls.IsInSource(callee))
                {
                    if (_calls.GeneratedDerivative(callee, "Pushforward", _method.ContainingType) is not null) continue;
                    string where = callee.ContainingAssembly?.Name is { Length: > 0 } assembly ? "'" + assembly + "'" : "another assembly";
                    ForwardProblem(Diagnostic.Create(DiagnosticDescriptors.CalleeHasErrors, location, callee.Name,
                        "forward mode calls its pushforward, and it is compiled in " + where + " without [Differentiable(Forward = true)], so it has none; set Forward = true there"));
                    continue;
                }

                if (_calls.ResultOf(callee) is not { Model: { } model } result) continue; // its errors are reported already
                if (!result.ForwardBlockers.IsEmpty)
                {
                    ForwardProblem(Diagnostic.Create(DiagnosticDescriptors.CalleeHasErrors, location, callee.Name, "in forward mode, " + FirstProblem(result.ForwardBlockers.ToArray())));
                    foreach (Diagnostic blocker in result.ForwardBlockers) ForwardProblem(blocker);
                    continue;
                }

                if (call.Memberwise)
                {
                    // Model values are passed member by member: its memberwise pushforward, generated for this caller.
                    MethodModel memberwise = MemberwiseModel(model);
                    _forwardReach[memberwise.HintName] = memberwise with { ImplicitCallees = EquatableArray<MethodModel>.Empty };
                    if (model.Forward) continue;
                    foreach (MethodModel reached in result.ForwardReach) _forwardReach[reached.HintName] = reached;
                    continue;
                }

                if (model.Forward) continue; // it writes its own pushforward, and those of the methods it reaches
                _forwardReach[model.HintName] = model with { ImplicitCallees = EquatableArray<MethodModel>.Empty, ForwardCallees = EquatableArray<MethodModel>.Empty };
                foreach (MethodModel reached in result.ForwardReach) _forwardReach[reached.HintName] = reached;
            }
        }

        /// <summary>Whether the pushforward of <paramref name="callee"/> may return an infinite tangent from finite ones (see
        /// <see cref="DiffCall.TangentCanBeInfinite"/>): unknown, so yes, for a method of another assembly or the method itself.</summary>
        private bool CalleeTangentCanBeInfinite(IMethodSymbol callee, bool callsItself) =>
            callsItself || !_calls.IsInSource(callee) || _calls.ResultOf(callee)?.Model is not { } model || TangentCanBeInfinite(model.Body);

        private static bool TangentCanBeInfinite(Block body)
        {
            var stack = new Stack<Expr>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                foreach (Expr e in IrWalker.Expressions(s)) stack.Push(e);
            }

            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case DiffCall { TangentCanBeInfinite: true }:
                        return true;
                    case Call c:
                        for (int k = 0; k < c.Args.Count; k++)
                        {
                            if (Rules.DerivativeRules.PartialCanBeInfinite(c.Function, c, k)) return true;
                        }

                        foreach (Expr child in c.Args) stack.Push(child);
                        break;
                    case var x:
                        foreach (Expr child in IrWalker.Children(x)) stack.Push(child);
                        break;
                }
            }

            return false;
        }

        /// <summary>An error of this method when it is a forward-mode one; otherwise a reason for its forward-mode callers.</summary>
        private void ForwardProblem(Diagnostic diagnostic)
        {
            List<Diagnostic> into = IsForward ? _diagnostics : _forwardBlockers;
            if (!into.Contains(diagnostic)) into.Add(diagnostic);
        }

        /// <summary>The lowering's result with what forward-mode callers need: the reach of a method that is not marked
        /// <c>Forward = true</c> (a marked one lists it in its model), and the reasons it cannot be pushed forward.</summary>
        private LoweringResult WithForwardFacts(LoweringResult result) =>
            result.Model is not { } model ? result
            : new LoweringResult(model, result.Diagnostics)
            {
                ForwardReach = model.NeedsPushforward ? ImmutableArray<MethodModel>.Empty : _forwardReach.Values.ToImmutableArray(),
                ForwardBlockers = _forwardBlockers.ToImmutableArray(),
                SecondOrderReach = _secondOrderReach.Values.ToImmutableArray(),
                SecondOrderBlockers = _secondOrderBlockers.ToImmutableArray(),
            };

        /// <summary>The models whose pushforwards this method's pushforward calls, when it is marked <c>Forward = true</c>; and for a
        /// <c>Hessian = true</c> method, whose Hessian-vector product pushes forward through its gradient, where the gradient
        /// computes its callees' values.</summary>
        private EquatableArray<MethodModel> ForwardCallees() => IsForward || IsSecondOrder ? _forwardReach.Values.ToEquatableArray() : EquatableArray<MethodModel>.Empty;
    }
}
