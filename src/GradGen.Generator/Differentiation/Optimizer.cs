using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation
{
    /// <summary>
    /// Clean-up passes over generated code (never changing the primal's arithmetic):
    /// <list type="bullet">
    /// <item>zero propagation: an adjoint known to be zero is read as 0 (so <c>_d_r += e</c> on a
    /// fresh adjoint becomes <c>_d_r = e</c>, and terms multiplied by it vanish);</item>
    /// <item>dead-code elimination: statements whose results nothing reads go, and so do loops and
    /// branches left empty (in FGradient the forward sweep of a reduction disappears entirely).</item>
    /// </list>
    /// </summary>
    internal static class Optimizer
    {
        public static Block Optimize(Block body, HashSet<int> observable)
        {
            Block current = Flatten(body);
            for (int round = 0; round < 4; round++)
            {
                Block zeroed = (Block)new ZeroPropagation().Run(current);
                Block pruned = DeadCode.Eliminate(zeroed, observable);
                if (pruned.Equals(current)) break;
                current = pruned;
            }

            return current;
        }

        /// <summary>Merges nested plain blocks into their parents (variables are unique, so scopes do
        /// not matter until declarations are placed).</summary>
        public static Block Flatten(Block block)
        {
            var statements = new List<Stmt>();
            foreach (Stmt s in block.Statements)
            {
                switch (s)
                {
                    case Block nested:
                        statements.AddRange(Flatten(nested).Statements);
                        break;
                    case If i:
                        statements.Add(new If(i.Condition, Flatten(i.Then), Flatten(i.Else)));
                        break;
                    case Loop l:
                        statements.Add(new Loop(l.Kind, Flatten(l.Initializer), l.Condition, Flatten(l.Body), Flatten(l.Increment)));
                        break;
                    default:
                        statements.Add(s);
                        break;
                }
            }

            return new Block(statements.ToEquatableArray());
        }

        private static bool IsTracked(Variable v) => v.Kind == VariableKind.Generated && v.Type.IsReal;

        private static bool IsZero(Expr e) => e is RealConst { Symbol: null } c && c.Value == 0;

        /// <summary>Forward data flow of the generated variables known to hold zero.</summary>
        private sealed class ZeroPropagation
        {
            private bool _rewrite = true;

            public Stmt Run(Block body)
            {
                (Stmt result, _) = Process(body, new HashSet<int>());
                return result;
            }

            private Expr Apply(Expr e, HashSet<int> zeros)
            {
                if (zeros.Count == 0) return e;
                bool touched = false;
                Expr replaced = IrRewriter.Rewrite(e, x =>
                {
                    if (x is VarRef v && zeros.Contains(v.Var.Id))
                    {
                        touched = true;
                        return RealConst.Of(0, v.Type.Scalar);
                    }

                    return null;
                });
                return touched ? Simplifier.Simplify(replaced) : e;
            }

            private (Stmt, HashSet<int>) Process(Stmt s, HashSet<int> zeros)
            {
                switch (s)
                {
                    case Block b:
                        {
                            var list = new List<Stmt>();
                            foreach (Stmt child in b.Statements)
                            {
                                (Stmt processed, HashSet<int> after) = Process(child, zeros);
                                zeros = after;
                                list.Add(processed);
                            }

                            return (new Block(list.ToEquatableArray()), zeros);
                        }

                    case Assign { Target: VarRef v } a:
                        {
                            Expr value = Apply(a.Value, zeros);
                            var after = new HashSet<int>(zeros);
                            if (IsTracked(v.Var) && IsZero(value)) after.Add(v.Var.Id);
                            else after.Remove(v.Var.Id);
                            return (_rewrite ? new Assign(a.Target, value) : a, after);
                        }

                    case Assign a:
                        return (_rewrite ? new Assign(a.Target is ElementAccess t ? t with { Index = Apply(t.Index, zeros) } : a.Target, Apply(a.Value, zeros)) : a, zeros);
                    case If i:
                        {
                            (Stmt then, HashSet<int> afterThen) = Process(i.Then, new HashSet<int>(zeros));
                            (Stmt otherwise, HashSet<int> afterElse) = Process(i.Else, new HashSet<int>(zeros));
                            afterThen.IntersectWith(afterElse);
                            return (new If(i.Condition, (Block)then, (Block)otherwise), afterThen);
                        }

                    case Loop l:
                        {
                            (Stmt init, HashSet<int> entry) = Process(l.Initializer, zeros);

                            // The state at the loop head: what holds on entry and after every iteration.
                            bool saved = _rewrite;
                            _rewrite = false;
                            var head = new HashSet<int>(entry);
                            while (true)
                            {
                                (_, HashSet<int> afterBody) = Process(l.Body, new HashSet<int>(head));
                                (_, HashSet<int> afterIncrement) = Process(l.Increment, afterBody);
                                var next = new HashSet<int>(entry);
                                next.IntersectWith(afterIncrement);
                                if (next.SetEquals(head)) break;
                                head = next;
                            }

                            _rewrite = saved;
                            (Stmt body, HashSet<int> bodyOut) = Process(l.Body, new HashSet<int>(head));
                            (Stmt increment, _) = Process(l.Increment, bodyOut);
                            HashSet<int> exit = l.Kind == LoopForm.DoWhile ? new HashSet<int>(head) : head;
                            return (new Loop(l.Kind, (Block)init, l.Condition, (Block)body, (Block)increment), exit);
                        }

                    case PullbackCall p:
                        {
                            var after = new HashSet<int>(zeros);
                            foreach (Expr adjoint in p.Adjoints)
                            {
                                if (adjoint is VarRef v) after.Remove(v.Var.Id);
                            }

                            return (_rewrite ? new PullbackCall(p.Call, Apply(p.Seed, zeros), p.Adjoints) : p, after);
                        }

                    case ReturnValues r:
                        return (_rewrite ? new ReturnValues(r.Values.Select(v => Apply(v, zeros)).ToEquatableArray()) : r, zeros);
                    case TapePush push:
                        return (_rewrite ? push with { Value = Apply(push.Value, zeros) } : push, zeros);
                    default:
                        return (s, zeros);
                }
            }
        }

        /// <summary>Backward liveness; removes what nothing observable reads.</summary>
        private static class DeadCode
        {
            public static Block Eliminate(Block body, HashSet<int> observable)
            {
                Block current = body;
                while (true)
                {
                    var pass = new Pass(observable);
                    Block next = (Block)pass.Process(current, new HashSet<int>()).Statement!;
                    if (next.Equals(current)) return current;
                    current = next;
                }
            }

            private sealed class Pass
            {
                private readonly HashSet<int> _observable;

                public Pass(HashSet<int> observable) => _observable = observable;

                private static void AddReads(Expr e, HashSet<int> live)
                {
                    foreach (Variable v in IrWalker.Reads(e)) live.Add(v.Id);
                }

                private bool IsObservable(Variable v) => _observable.Contains(v.Id) || v.Kind == VariableKind.Parameter;

                public (Stmt? Statement, HashSet<int> LiveBefore) Process(Stmt s, HashSet<int> live)
                {
                    switch (s)
                    {
                        case Block b:
                            {
                                var kept = new List<Stmt>();
                                for (int i = b.Statements.Count - 1; i >= 0; i--)
                                {
                                    (Stmt? processed, HashSet<int> before) = Process(b.Statements[i], live);
                                    live = before;
                                    if (processed is not null) kept.Insert(0, processed);
                                }

                                return (new Block(kept.ToEquatableArray()), live);
                            }

                        case Assign { Target: VarRef v } a:
                            {
                                if (!live.Contains(v.Var.Id) && !IsObservable(v.Var) && !IrWalker.HasEffects(a.Value))
                                {
                                    return (null, live);
                                }

                                var before = new HashSet<int>(live);
                                before.Remove(v.Var.Id);
                                AddReads(a.Value, before);
                                return (a, before);
                            }

                        case Assign { Target: ElementAccess { Sequence: VarRef array } element } a:
                            {
                                if (!live.Contains(array.Var.Id) && !IsObservable(array.Var) && !IrWalker.HasEffects(a.Value))
                                {
                                    return (null, live);
                                }

                                var before = new HashSet<int>(live) { array.Var.Id };
                                AddReads(element.Index, before);
                                AddReads(a.Value, before);
                                return (a, before);
                            }

                        case Declare d:
                            {
                                var before = new HashSet<int>(live);
                                before.Remove(d.Var.Id);
                                if (d.Init is not null) AddReads(d.Init, before);
                                return (d, before);
                            }

                        case If i:
                            {
                                (Stmt? then, HashSet<int> liveThen) = Process(i.Then, new HashSet<int>(live));
                                (Stmt? otherwise, HashSet<int> liveElse) = Process(i.Else, new HashSet<int>(live));
                                var thenBlock = (Block)then!;
                                var elseBlock = (Block)otherwise!;
                                if (thenBlock.Statements.Count == 0 && elseBlock.Statements.Count == 0 && !IrWalker.HasEffects(i.Condition))
                                {
                                    return (null, live);
                                }

                                liveThen.UnionWith(liveElse);
                                AddReads(i.Condition, liveThen);
                                return (new If(i.Condition, thenBlock, elseBlock), liveThen);
                            }

                        case Loop l:
                            return ProcessLoop(l, live);
                        default:
                            {
                                var before = new HashSet<int>(live);
                                foreach (Expr e in ReverseMode.Expressions(s)) AddReads(e, before);
                                if (s is DisposeStmt dispose) before.Add(dispose.Var.Id);
                                if (s is CheckLength check)
                                {
                                    before.Add(check.Adjoint.Id);
                                    before.Add(check.Primal.Id);
                                }

                                return (s, before);
                            }
                    }
                }

                private (Stmt?, HashSet<int>) ProcessLoop(Loop l, HashSet<int> liveAfter)
                {
                    // Liveness at the loop head: what is live after the loop or at the start of another
                    // iteration, plus what the condition reads.
                    var head = new HashSet<int>(liveAfter);
                    if (l.Condition is not null) AddReads(l.Condition, head);
                    while (true)
                    {
                        (_, HashSet<int> beforeIncrement) = Analyze(l.Increment, new HashSet<int>(head));
                        (_, HashSet<int> beforeBody) = Analyze(l.Body, beforeIncrement);
                        int count = head.Count;
                        head.UnionWith(beforeBody);
                        if (head.Count == count) break;
                    }

                    (Stmt? increment, HashSet<int> liveBeforeIncrement) = Process(l.Increment, new HashSet<int>(head));
                    (Stmt? body, _) = Process(l.Body, liveBeforeIncrement);
                    var bodyBlock = (Block)body!;
                    var incrementBlock = (Block)increment!;
                    bool conditionPure = l.Condition is null || !IrWalker.HasEffects(l.Condition);
                    bool onlyCounts = incrementBlock.Statements.All(x => x is Assign { Target: VarRef t } && !IsObservable(t.Var) && !liveAfter.Contains(t.Var.Id));
                    if (bodyBlock.Statements.Count == 0 && conditionPure && onlyCounts && l.Condition is not null)
                    {
                        // Nothing the loop computes is used (it only counts): drop it with its initializer.
                        (_, HashSet<int> beforeInit) = Process(new Block(EquatableArray<Stmt>.Empty), liveAfter);
                        return (null, beforeInit);
                    }

                    (Stmt? init, HashSet<int> beforeLoop) = Process(l.Initializer, new HashSet<int>(head));
                    return (new Loop(l.Kind, (Block)init!, l.Condition, bodyBlock, incrementBlock), beforeLoop);
                }

                private (Stmt?, HashSet<int>) Analyze(Stmt s, HashSet<int> live) => new Pass(_observable).Process(s, live);
            }
        }
    }
}
