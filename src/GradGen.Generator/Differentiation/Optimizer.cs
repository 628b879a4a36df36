using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation
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

            return CommonSubexpressions.Run(Accumulations.Merge(current), ref nextId);
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
        /// zero; in FGradient the seed is one). Reads of them become the constant, and the expression is
        /// simplified again.
        /// </summary>
        private sealed class ConstantPropagation
        {
            private bool _rewrite = true;

            public Stmt Run(Block body)
            {
                (Stmt result, _) = Process(body, new Dictionary<int, RealConst>());
                return result;
            }

            private static Dictionary<int, RealConst> Copy(Dictionary<int, RealConst> known) => new(known);

            private static Dictionary<int, RealConst> Meet(Dictionary<int, RealConst> a, Dictionary<int, RealConst> b)
            {
                var result = new Dictionary<int, RealConst>();
                foreach (KeyValuePair<int, RealConst> entry in a)
                {
                    if (b.TryGetValue(entry.Key, out RealConst? other) && other.Equals(entry.Value)) result[entry.Key] = entry.Value;
                }

                return result;
            }

            private static bool SameAs(Dictionary<int, RealConst> a, Dictionary<int, RealConst> b) =>
                a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out RealConst? v) && v.Equals(e.Value));

            private Expr Apply(Expr e, Dictionary<int, RealConst> known)
            {
                if (known.Count == 0) return e;
                bool touched = false;
                Expr replaced = IrRewriter.Rewrite(e, x =>
                {
                    if (x is VarRef v && known.TryGetValue(v.Var.Id, out RealConst? value))
                    {
                        touched = true;
                        return value;
                    }

                    return null;
                });
                return touched ? Simplifier.Simplify(replaced) : e;
            }

            private (Stmt, Dictionary<int, RealConst>) Process(Stmt s, Dictionary<int, RealConst> known)
            {
                switch (s)
                {
                    case Block b:
                        {
                            var list = new List<Stmt>();
                            foreach (Stmt child in b.Statements)
                            {
                                (Stmt processed, Dictionary<int, RealConst> after) = Process(child, known);
                                known = after;
                                list.Add(processed);
                            }

                            return (new Block(list.ToEquatableArray()), known);
                        }

                    case Assign { Target: VarRef v } a:
                        {
                            Expr value = Apply(a.Value, known);
                            Dictionary<int, RealConst> after = Copy(known);
                            if (IsTracked(v.Var) && value is RealConst { Symbol: null } constant) after[v.Var.Id] = constant;
                            else after.Remove(v.Var.Id);
                            return (_rewrite ? new Assign(a.Target, value) : a, after);
                        }

                    case Assign a:
                        return (_rewrite ? new Assign(a.Target is ElementAccess t ? t with { Index = Apply(t.Index, known) } : a.Target, Apply(a.Value, known)) : a, known);
                    case If i:
                        {
                            (Stmt then, Dictionary<int, RealConst> afterThen) = Process(i.Then, Copy(known));
                            (Stmt otherwise, Dictionary<int, RealConst> afterElse) = Process(i.Else, Copy(known));
                            return (new If(i.Condition, (Block)then, (Block)otherwise), Meet(afterThen, afterElse));
                        }

                    case Loop l:
                        {
                            (Stmt init, Dictionary<int, RealConst> entry) = Process(l.Initializer, known);

                            // The state at the loop head: what holds on entry and after every iteration.
                            bool saved = _rewrite;
                            _rewrite = false;
                            Dictionary<int, RealConst> head = Copy(entry);
                            while (true)
                            {
                                (_, Dictionary<int, RealConst> afterBody) = Process(l.Body, Copy(head));
                                (_, Dictionary<int, RealConst> afterIncrement) = Process(l.Increment, afterBody);
                                Dictionary<int, RealConst> next = Meet(entry, afterIncrement);
                                if (SameAs(next, head)) break;
                                head = next;
                            }

                            _rewrite = saved;
                            (Stmt body, Dictionary<int, RealConst> bodyOut) = Process(l.Body, Copy(head));
                            (Stmt increment, _) = Process(l.Increment, bodyOut);
                            return (new Loop(l.Kind, (Block)init, l.Condition, (Block)body, (Block)increment), head);
                        }

                    case PullbackCall p:
                        {
                            Dictionary<int, RealConst> after = Copy(known);
                            foreach (Expr adjoint in p.Adjoints)
                            {
                                if (adjoint is VarRef v) after.Remove(v.Var.Id);
                            }

                            return (_rewrite ? new PullbackCall(p.Call, Apply(p.Seed, known), p.Adjoints) : p, after);
                        }

                    case ReturnValues r:
                        return (_rewrite ? new ReturnValues(r.Values.Select(v => Apply(v, known)).ToEquatableArray()) : r, known);
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
