using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Clean-up passes over generated code (never changing the primal's arithmetic):
    /// <list type="bullet">
    /// <item>constant propagation: an adjoint known to hold a constant (zero at first, one for the seed of FGradient) is read as that constant (so <c>_d_r += e</c> on a
    /// fresh adjoint becomes <c>_d_r = e</c>, and terms multiplied by it vanish);</item>
    /// <item>dead-code elimination: statements whose results nothing reads go, and so do loops and
    /// branches left empty (in FGradient the forward sweep of a reduction disappears entirely).</item>
    /// </list>
    /// </summary>
    internal static class Optimizer
    {
        public static Block Optimize(Block body, HashSet<int> observable, ref int nextId)
        {
            Block current = Flatten(body);
            for (int round = 0; round < 4; round++)
            {
                Block zeroed = (Block)new ConstantPropagation().Run(current);
                Block pruned = DeadCode.Eliminate(zeroed, observable);
                if (pruned.Equals(current)) break;
                current = pruned;
            }

            Block merged = Accumulations.CarryAcrossIterations(Accumulations.Merge(PullbackValues.Merge(current)), ref nextId);
            Block held = InvariantCells.Hold(merged, observable, ref nextId);
            return CommonSubexpressions.Run(held, ref nextId);
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

        /// <summary>
        /// Forward data flow of the generated variables known to hold a constant (adjoints start at
        /// zero; in FGradient the seed is one) or a copy of another variable (<c>_d_t = _d_loss</c>).
        /// Reads of them become the constant or the original, and the expression is simplified again.
        /// </summary>
        private sealed class ConstantPropagation
        {
            private bool _rewrite = true;

            public Stmt Run(Block body)
            {
                (Stmt result, _) = Process(body, new Dictionary<int, Expr>());
                return result;
            }

            private static Dictionary<int, Expr> Copy(Dictionary<int, Expr> known) => new(known);

            /// <summary>
            /// What stays known once <paramref name="written"/> changes: not it, nor copies of it. Updates
            /// <paramref name="known"/> in place: a statement's caller passes a state it no longer needs
            /// (branches and loop bodies get copies).
            /// </summary>
            private static Dictionary<int, Expr> Forget(Dictionary<int, Expr> known, int written)
            {
                List<int>? stale = null;
                foreach (KeyValuePair<int, Expr> entry in known)
                {
                    if (entry.Key == written || entry.Value is VarRef copy && copy.Var.Id == written) (stale ??= new List<int>()).Add(entry.Key);
                }

                if (stale is not null)
                {
                    foreach (int key in stale) known.Remove(key);
                }

                return known;
            }

            private static Dictionary<int, Expr> Meet(Dictionary<int, Expr> a, Dictionary<int, Expr> b)
            {
                var result = new Dictionary<int, Expr>();
                foreach (KeyValuePair<int, Expr> entry in a)
                {
                    if (b.TryGetValue(entry.Key, out Expr? other) && other.Equals(entry.Value)) result[entry.Key] = entry.Value;
                }

                return result;
            }

            private static bool SameAs(Dictionary<int, Expr> a, Dictionary<int, Expr> b) =>
                a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out Expr? v) && v.Equals(e.Value));

            private Expr Apply(Expr e, Dictionary<int, Expr> known)
            {
                if (known.Count == 0) return e;
                bool touched = false;
                Expr replaced = IrRewriter.Rewrite(e, x =>
                {
                    if (x is VarRef v && known.TryGetValue(v.Var.Id, out Expr? value))
                    {
                        touched = true;
                        return value;
                    }

                    return null;
                });
                return touched ? Simplifier.Simplify(replaced) : e;
            }

            private (Stmt, Dictionary<int, Expr>) Process(Stmt s, Dictionary<int, Expr> known)
            {
                switch (s)
                {
                    case Block b:
                        {
                            var list = new List<Stmt>();
                            foreach (Stmt child in b.Statements)
                            {
                                (Stmt processed, Dictionary<int, Expr> after) = Process(child, known);
                                known = after;

                                // A copy propagated into its own source leaves "x = x": nothing to do.
                                if (processed is Assign { Target: VarRef target, Value: VarRef source } && target.Var.Id == source.Var.Id) continue;
                                list.Add(processed);
                            }

                            return (new Block(list.ToEquatableArray()), known);
                        }

                    case Assign { Target: VarRef v } a:
                        {
                            Expr value = Apply(a.Value, known);
                            Dictionary<int, Expr> after = Forget(known, v.Var.Id);
                            if (IsTracked(v.Var) && (value is RealConst { Symbol: null } || value is VarRef copy && copy.Var.Id != v.Var.Id && copy.Type == v.Type))
                            {
                                after[v.Var.Id] = value;
                            }

                            return (_rewrite ? new Assign(a.Target, value) : a, after);
                        }

                    case Assign a:
                        {
                            Dictionary<int, Expr> after = IrWalker.RootVariable(a.Target) is { } root ? Forget(known, root.Id) : known;
                            return (_rewrite ? new Assign(a.Target is ElementAccess t ? t with { Index = Apply(t.Index, known) } : a.Target, Apply(a.Value, known)) : a, after);
                        }
                    case If i:
                        {
                            (Stmt then, Dictionary<int, Expr> afterThen) = Process(i.Then, Copy(known));
                            (Stmt otherwise, Dictionary<int, Expr> afterElse) = Process(i.Else, Copy(known));
                            return (new If(i.Condition, (Block)then, (Block)otherwise), Meet(afterThen, afterElse));
                        }

                    case Loop l:
                        {
                            (Stmt init, Dictionary<int, Expr> entry) = Process(l.Initializer, known);

                            // The state at the loop head: what holds on entry and after every iteration.
                            bool saved = _rewrite;
                            _rewrite = false;
                            Dictionary<int, Expr> head = Copy(entry);
                            while (true)
                            {
                                (_, Dictionary<int, Expr> afterBody) = Process(l.Body, Copy(head));
                                (_, Dictionary<int, Expr> afterIncrement) = Process(l.Increment, afterBody);
                                Dictionary<int, Expr> next = Meet(entry, afterIncrement);
                                if (SameAs(next, head)) break;
                                head = next;
                            }

                            _rewrite = saved;
                            (Stmt body, Dictionary<int, Expr> bodyOut) = Process(l.Body, Copy(head));
                            (Stmt increment, _) = Process(l.Increment, bodyOut);
                            return (new Loop(l.Kind, (Block)init, l.Condition, (Block)body, (Block)increment), head);
                        }

                    case PullbackCall p:
                        {
                            Dictionary<int, Expr> after = known;
                            foreach (int written in IrWalker.Writes(p)) after = Forget(after, written);
                            return (_rewrite ? p with { Seed = Apply(p.Seed, known) } : p, after);
                        }

                    case ReturnValues r:
                        return (_rewrite ? r with { Values = r.Values.Select(v => Apply(v, known)).ToEquatableArray() } : r, known);
                    case TapePush push:
                        return (_rewrite ? push with { Value = Apply(push.Value, known) } : push, known);
                    default:
                        return (s, known);
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

                /// <summary>Tapes pushed by the statements processed so far (those after the current one).</summary>
                private readonly HashSet<int> _pushed = new();

                public Pass(HashSet<int> observable) => _observable = observable;

                private static void AddReads(Expr e, HashSet<int> live) => IrWalker.AddReadIds(e, live);

                private bool IsObservable(Variable v) => _observable.Contains(v.Id) || v.Kind == VariableKind.Parameter;

                /// <summary>
                /// The statement as kept (null when it goes) and what is live before it. <paramref name="live"/>
                /// (what is live after it) may be updated in place and returned: every caller passes a set it
                /// no longer needs, or a copy.
                /// </summary>
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
                                    if (processed is not null) kept.Add(processed);
                                }

                                kept.Reverse();
                                return (new Block(kept.ToEquatableArray()), live);
                            }

                        case Assign { Target: VarRef v } a:
                            {
                                if (!live.Contains(v.Var.Id) && !IsObservable(v.Var) && !IrWalker.HasEffects(a.Value))
                                {
                                    return (null, live);
                                }

                                live.Remove(v.Var.Id);
                                AddReads(a.Value, live);
                                return (a, live);
                            }

                        case Assign { Target: ElementAccess { Sequence: VarRef array } element } a:
                            {
                                if (!live.Contains(array.Var.Id) && !IsObservable(array.Var) && !IrWalker.HasEffects(a.Value))
                                {
                                    return (null, live);
                                }

                                live.Add(array.Var.Id);
                                AddReads(element.Index, live);
                                AddReads(a.Value, live);
                                return (a, live);
                            }

                        case Declare d:
                            {
                                live.Remove(d.Var.Id);
                                if (d.Init is not null) AddReads(d.Init, live);
                                return (d, live);
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
                        case TapeReserve reserve when !_pushed.Contains(reserve.Tape.Id):
                            return (null, live); // room for pushes that no longer happen
                        default:
                            {
                                if (s is TapePush push) _pushed.Add(push.Tape.Id);
                                HashSet<int> before = live;
                                if (s is PullbackCall { Result: VarRef result }) before.Remove(result.Var.Id);
                                foreach (Expr e in IrWalker.Expressions(s)) AddReads(e, before);
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
