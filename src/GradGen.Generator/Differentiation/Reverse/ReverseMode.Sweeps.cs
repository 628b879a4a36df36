using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;
using static GradGen.Generator.Model.ExprBuilder;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>What to save, what to recompute, and the two sweeps.</summary>
    internal sealed partial class ReverseMode
    {
        private readonly HashSet<StmtNode> _counterStatements = new();
        private HashSet<int> _needed = new();

        // ------------------------------------------------------------------ analyses

        private void AnalyzeLoopsAndRecomputation(BlockNode root)
        {
            var elementWrites = new Dictionary<int, int>();
            foreach (Node node in AllNodes(root))
            {
                switch (node)
                {
                    case LoopNode loop:
                        loop.Counting = DetectCountingLoop(loop);
                        break;
                    case StmtNode { ElementIndex: not null, Target: { } array }:
                        elementWrites.TryGetValue(array.Id, out int n);
                        elementWrites[array.Id] = n + 1;
                        break;
                }
            }

            foreach (Node node in AllNodes(root))
            {
                switch (node)
                {
                    case BlockNode block:
                        MarkRecomputable(block);
                        break;
                    case IfNode branch:
                        branch.ReEvaluate = !IrWalker.HasEffects(branch.Condition) && !IrWalker.Reads(branch.Condition).Any(v => WrittenIn(branch.Then, v) || WrittenIn(branch.Else, v));
                        break;
                    case StmtNode { ElementIndex: VarRef index, Target: { } array, Loop: { Counting: { } counting, Loop: null } } s
                        when index.Var.Id == counting.Counter.Id && elementWrites[array.Id] == 1 && ReadsOnlyWrittenElement(s.Loop!, s, array, counting.Counter):
                        // a[i] = ... once per element, in a loop over i that runs once: nothing is overwritten.
                        s.NeverOverwrites = true;
                        break;
                }
            }

            ComputeNeeded(root);

            // A loop whose forward sweep runs anyway keeps its expensive values for the reverse sweep
            // (on the tape) instead of computing them a second time there.
            var keepExpensive = new HashSet<LoopNode>();
            foreach (Node node in AllNodes(root))
            {
                if (node is LoopNode loop && RunsForwardAnyway(loop)) keepExpensive.Add(loop);
            }

            if (keepExpensive.Count == 0) return;
            bool changed = false;
            foreach (Node node in AllNodes(root))
            {
                if (node is BlockNode { Loop: { } owner } block && keepExpensive.Contains(owner)) changed |= MarkRecomputable(block, keepExpensive: true);
            }

            if (changed) ComputeNeeded(root);
        }

        /// <summary>
        /// Whether the loop's forward sweep must run whatever is recomputed: the pullback returns the value
        /// it helps compute, a loop of unknown trip count is counted, and otherwise the reverse sweep reads
        /// a value the loop leaves (not its counter, which the reverse loop counts itself).
        /// </summary>
        private bool RunsForwardAnyway(LoopNode loop)
        {
            if (_kind == DerivativeKind.Pullback || loop.Counting is null) return true;
            var recomputed = new HashSet<int>();
            foreach (Node n in AllNodes(loop))
            {
                if (n is StmtNode { Recomputable: true, Target: { } t }) recomputed.Add(t.Id);
            }

            return loop.Writes.Any(id => id != loop.Counting.Counter.Id && !recomputed.Contains(id) && _needed.Contains(id));
        }

        /// <summary>The variables the reverse sweep reads, closed over what recomputing them reads.</summary>
        private void ComputeNeeded(BlockNode root)
        {
            _needed = new HashSet<int>();
            foreach (Node node in AllNodes(root))
            {
                if (node is StmtNode s)
                {
                    _needed.UnionWith(s.ReadsBefore);
                    _needed.UnionWith(s.ReadsAfter);
                }
                else if (node is IfNode { ReEvaluate: true } i)
                {
                    foreach (Variable v in IrWalker.Reads(i.Condition)) _needed.Add(v.Id);
                }
                else if (node is LoopNode { Counting: { } c })
                {
                    foreach (Variable v in IrWalker.Reads(c.Start).Concat(IrWalker.Reads(c.Bound))) _needed.Add(v.Id);
                }
            }

            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (Node node in AllNodes(root))
                {
                    if (node is StmtNode { Recomputable: true, Target: { } v } s && _needed.Contains(v.Id))
                    {
                        foreach (Variable read in IrWalker.Reads(RecomputedValue(s))) grew |= _needed.Add(read.Id);
                    }
                }
            }
        }

        /// <summary>
        /// Whether every read of <paramref name="array"/> in the loop comes after <paramref name="write"/> and reads
        /// the element it wrote (<c>a[i]</c>): then no iteration reads an element that another write changes.
        /// </summary>
        private static bool ReadsOnlyWrittenElement(LoopNode loop, StmtNode write, Variable array, Variable counter)
        {
            bool written = false;
            foreach (Node n in AllNodes(loop))
            {
                Expr? condition = n switch
                {
                    IfNode i => i.Condition,
                    LoopNode l => l.Source.Condition,
                    _ => null,
                };
                if (condition is not null && IrWalker.ReadsVariable(condition, array) && (!written || !OnlyElementReads(condition, array, counter))) return false;
                if (n is not StmtNode s) continue;
                if (s == write)
                {
                    if (IrWalker.ReadsVariable(((Assign)s.Statement).Value, array) || IrWalker.ReadsVariable(s.ElementIndex!, array)) return false;
                    written = true;
                    continue;
                }

                foreach (Expr e in IrWalker.Expressions(s.Statement))
                {
                    if (IrWalker.ReadsVariable(e, array) && (!written || !OnlyElementReads(e, array, counter))) return false;
                }
            }

            return true;
        }

        private static bool OnlyElementReads(Expr e, Variable array, Variable counter)
        {
            switch (e)
            {
                case VarRef v:
                    return v.Var.Id != array.Id;
                case ElementAccess { Sequence: VarRef a, Index: var index } when a.Var.Id == array.Id:
                    return index is VarRef i && i.Var.Id == counter.Id;
                default:
                    foreach (Expr child in IrWalker.Children(e))
                    {
                        if (!OnlyElementReads(child, array, counter)) return false;
                    }

                    return true;
            }
        }

        private static bool WrittenIn(Node node, Variable v)
        {
            foreach (Node n in AllNodes(node))
            {
                if (n is StmtNode { Target: { } t } && t.Id == v.Id) return true;
            }

            return false;
        }

        private CountingLoop? DetectCountingLoop(LoopNode loop)
        {
            Loop l = loop.Source;
            if (l.Kind != LoopForm.For || l.Initializer.Statements.Count != 1 || l.Increment.Statements.Count != 1 || l.Condition is null) return null;
            if (l.Initializer.Statements[0] is not Declare { Init: { } start } declare || !declare.Var.Type.IsInteger) return null;
            Variable counter = declare.Var;
            if (l.Increment.Statements[0] is not Assign { Target: VarRef target, Value: Binary { Left: VarRef left, Right: IntConst { Value: 1 } } step }
                || target.Var.Id != counter.Id || left.Var.Id != counter.Id || step.Op is not (BinaryOp.Add or BinaryOp.Subtract))
            {
                return null;
            }

            bool ascending = step.Op == BinaryOp.Add;
            if (l.Condition is not Binary condition || condition.Left is not VarRef c || c.Var.Id != counter.Id) return null;
            bool inclusive;
            switch (condition.Op)
            {
                case BinaryOp.LessThan when ascending:
                case BinaryOp.GreaterThan when !ascending:
                    inclusive = false;
                    break;
                case BinaryOp.LessOrEqual when ascending:
                case BinaryOp.GreaterOrEqual when !ascending:
                    inclusive = true;
                    break;
                default:
                    return null;
            }

            Expr bound = condition.Right;
            if (IrWalker.HasEffects(start) || IrWalker.HasEffects(bound) || bound.Type != counter.Type) return null;
            HashSet<int> bodyWrites = IrWalker.Writes(loop.Source.Body);
            if (bodyWrites.Contains(counter.Id)) return null;
            if (IrWalker.Reads(bound).Any(v => bodyWrites.Contains(v.Id))) return null;

            _counterStatements.Add((StmtNode)loop.Init.Children[0]);
            _counterStatements.Add((StmtNode)loop.Increment.Children[0]);
            return new CountingLoop(counter, start, bound, ascending, inclusive);
        }

        /// <summary>
        /// A local assigned once, in a loop, is recomputed at the start of its block's reverse sweep
        /// instead of being saved when recomputing gives the same value: its inputs are values the loop
        /// does not change, the loop's counter, or other such locals before it in the same block. A
        /// cheap value (arithmetic, no transcendental call) may also read values the loop changes, as
        /// long as nothing after it in the block changes them; the tape would cost more than the
        /// arithmetic. Invariant inputs are what lets FGradient drop a reduction's forward loop.
        /// With <paramref name="keepExpensive"/> (the loop's forward sweep runs anyway), only cheap values
        /// are recomputed: a transcendental call costs more than keeping its value on the tape. Returns
        /// whether any mark changed.
        /// </summary>
        private bool MarkRecomputable(BlockNode block, bool keepExpensive = false)
        {
            if (block.Loop is not { } loop) return false;
            bool changed = false;
            var recomputedHere = new HashSet<int>();
            for (int index = 0; index < block.Children.Count; index++)
            {
                if (block.Children[index] is not StmtNode s || s.ElementIndex is not null || s.Target is not { } v || _counterStatements.Contains(s)) continue;
                if (!v.Type.IsScalar || v.Type.Scalar == ScalarKind.Other) continue;
                // A parameter holds its argument before the loop: overwriting it loses a value that the
                // reverse sweep of earlier statements may read, so it is saved, never recomputed.
                if (v.Kind == VariableKind.Parameter) continue;
                if (!_assignmentCounts.TryGetValue(v.Id, out int count) || count != 1) continue;
                Expr? value = s.Statement switch
                {
                    Declare d => d.Init,
                    Assign a => a.Value,
                    _ => null,
                };
                if (value is null || IrWalker.HasEffects(value) || IrWalker.HasDifferentiableCall(value)) continue;

                bool cheap = IsCheap(value);
                if (keepExpensive && !cheap)
                {
                    changed |= s.Recomputable;
                    s.Recomputable = false;
                    continue;
                }

                HashSet<int>? writtenLater = null;
                bool ok = true;
                foreach (Variable read in IrWalker.Reads(value))
                {
                    if (read.Id == v.Id) { ok = false; break; }
                    if (recomputedHere.Contains(read.Id)) continue;
                    if (loop.Counting is { } counting && counting.Counter.Id == read.Id) continue;
                    if (!loop.Writes.Contains(read.Id)) continue;
                    if (cheap)
                    {
                        writtenLater ??= WritesAfter(block, index);
                        if (!writtenLater.Contains(read.Id)) continue;
                    }

                    ok = false;
                    break;
                }

                if (!ok)
                {
                    changed |= s.Recomputable;
                    s.Recomputable = false;
                    continue;
                }

                changed |= !s.Recomputable;
                s.Recomputable = true;
                recomputedHere.Add(v.Id);
            }

            return changed;
        }

        private static HashSet<int> WritesAfter(BlockNode block, int index)
        {
            var writes = new HashSet<int>();
            for (int i = index + 1; i < block.Children.Count; i++)
            {
                foreach (Node n in AllNodes(block.Children[i]))
                {
                    if (n is StmtNode { Target: { } t }) writes.Add(t.Id);
                }
            }

            return writes;
        }

        /// <summary>Arithmetic and cheap functions of a handful of operations.</summary>
        private static bool IsCheap(Expr e)
        {
            int nodes = 0;
            var stack = new Stack<Expr>();
            stack.Push(e);
            while (stack.Count > 0)
            {
                Expr x = stack.Pop();
                if (++nodes > 24) return false;
                if (x is Model.Call c && !DerivativeRules.IsCheap(c.Function))
                {
                    return false;
                }

                foreach (Expr child in IrWalker.Children(x)) stack.Push(child);
            }

            return true;
        }

        private static Expr RecomputedValue(StmtNode s) => s.Statement switch
        {
            Declare d => d.Init!,
            Assign a => a.Value,
            _ => throw new System.InvalidOperationException(),
        };

        // ------------------------------------------------------------------ to-be-recorded

        private void RunToBeRecorded(BlockNode root)
        {
            bool changed = true;
            while (changed)
            {
                ComputeHasReverse(root);
                int savesBefore = AllNodes(root).Count(n => n is StmtNode { Save: true });
                Visit(root, new HashSet<int>());
                int savesAfter = AllNodes(root).Count(n => n is StmtNode { Save: true });
                changed = savesAfter != savesBefore;
            }

            ComputeHasReverse(root);
        }

        private bool ComputeHasReverse(Node node)
        {
            bool result;
            switch (node)
            {
                case StmtNode s:
                    result = s.Core.Count > 0 || s.Save;
                    break;
                case BlockNode b:
                    result = false;
                    foreach (Node child in b.Children) result |= ComputeHasReverse(child);
                    break;
                case IfNode i:
                    result = ComputeHasReverse(i.Then) | ComputeHasReverse(i.Else);
                    break;
                case LoopNode l:
                    result = ComputeHasReverse(l.Init) | ComputeHasReverse(l.Body) | ComputeHasReverse(l.Increment);
                    break;
                default:
                    result = false;
                    break;
            }

            node.HasReverse = result;
            return result;
        }

        /// <summary>
        /// Forward data flow of the set of variables whose current values the reverse sweep still needs
        /// ("required"). A statement that overwrites a required variable saves it first.
        /// </summary>
        private HashSet<int> Visit(Node node, HashSet<int> required)
        {
            switch (node)
            {
                case StmtNode s:
                    {
                        if (_counterStatements.Contains(s)) return required;
                        var reads = new HashSet<int>(s.ReadsBefore);
                        if (s.Recomputable && s.Target is { } r && _needed.Contains(r.Id))
                        {
                            foreach (Variable v in IrWalker.Reads(RecomputedValue(s))) reads.Add(v.Id);
                        }

                        // Writing each element once overwrites nothing needed only while the reverse sweep of
                        // the code before the loop does not read the array's old contents.
                        bool overwritesNothing = s.NeverOverwrites && s.Target is { } array && s.Loop?.RequiredAtEntry?.Contains(array.Id) != true;
                        if (s.Target is { } target && !s.Recomputable && !overwritesNothing
                            && (required.Contains(target.Id) || reads.Contains(target.Id)))
                        {
                            s.Save = true;
                        }

                        required.UnionWith(reads);
                        if (s.Target is { } written && s.ElementIndex is null) required.Remove(written.Id);
                        required.UnionWith(s.ReadsAfter);
                        return required;
                    }

                case BlockNode b:
                    foreach (Node child in b.Children) required = Visit(child, required);
                    return required;
                case IfNode i:
                    {
                        if (i.HasReverse && i.ReEvaluate)
                        {
                            foreach (Variable v in IrWalker.Reads(i.Condition)) required.Add(v.Id);
                        }

                        HashSet<int> afterThen = Visit(i.Then, new HashSet<int>(required));
                        HashSet<int> afterElse = Visit(i.Else, new HashSet<int>(required));
                        afterThen.UnionWith(afterElse);
                        return afterThen;
                    }

                case LoopNode l:
                    {
                        required = Visit(l.Init, required);
                        l.RequiredAtEntry = new HashSet<int>(required);
                        if (l.HasReverse && l.Counting is { } counting)
                        {
                            foreach (Variable v in IrWalker.Reads(counting.Start).Concat(IrWalker.Reads(counting.Bound))) required.Add(v.Id);
                        }

                        var head = new HashSet<int>(required);
                        while (true)
                        {
                            HashSet<int> after = Visit(l.Body, new HashSet<int>(head));
                            after = Visit(l.Increment, after);
                            int before = head.Count;
                            head.UnionWith(after);
                            if (head.Count == before) break;
                        }

                        if (l.Counting is { } c) head.Remove(c.Counter.Id);
                        return head;
                    }

                default:
                    return required;
            }
        }

        // ------------------------------------------------------------------ selection loops

        /// <summary>
        /// A selection loop keeps one value from one of its iterations: a running maximum or minimum
        /// (<c>if (x[i] &gt; m) m = x[i];</c>), an argmax, a last match. Its only reverse work is that of one
        /// overwrite <c>m = f(...)</c> whose value reads neither the old <c>m</c> nor anything else the loop
        /// changes, apart from its counter. Going backwards, that overwrite's adjoint code passes the
        /// adjoint of <c>m</c> on and clears it: the first execution met (the forward run's last) takes all
        /// of it, and every earlier one passes on zero. So the loop records the counter at that last
        /// execution, one local, instead of one branch decision per iteration on a tape, and its reverse
        /// sweep is that one execution's adjoint code.
        /// </summary>
        private void FindSelectionLoops(BlockNode root)
        {
            foreach (Node node in AllNodes(root))
            {
                if (node is not LoopNode { Loop: null, HasReverse: true, Counting: { } counting } loop) continue;
                StmtNode? selected = SelectedStatement(loop);
                if (selected is null || selected.Statement is not Assign { Target: VarRef target } assignment) continue;
                Variable m = target.Var;
                int counter = counting.Counter.Id;

                // What the reverse sweep runs for the kept iteration: the overwrite's own adjoint code, or, for
                // m = Math.Max(m, e), that of m = e, kept where the derivative goes to e.
                StmtNode kept = selected;
                Expr? keptWhen = null;
                if (IrWalker.ReadsVariable(assignment.Value, m))
                {
                    if (!RunningExtreme(assignment.Value, m, out Expr candidate, out keptWhen)) continue;
                    kept = new StmtNode(new Assign(new VarRef(m), candidate)) { Loop = loop, Target = m };
                    BuildCore(kept);
                }

                if (AllNodes(loop).Any(n => n is StmtNode { Target: { } t } other && t.Id == m.Id && other != selected)
                    || kept.ReadsBefore.Any(id => id != counter && loop.Writes.Contains(id))
                    || kept.ReadsAfter.Any(id => id != counter && id != m.Id && loop.Writes.Contains(id)))
                {
                    continue;
                }

                loop.Selected = selected;
                loop.KeptCore = kept.Core;
                loop.KeptWhen = keptWhen;
                loop.LastCounter = NewVariable("_last_" + counting.Counter.Name, counting.Counter.Type);
                loop.SelectedRan = NewVariable("_wrote_" + m.Name, TypeRef.Boolean);
                if (selected.Save)
                {
                    // The reverse sweep before the loop reads m as it was before the loop: one copy, not a
                    // tape of every overwritten value (the one execution's adjoint code reads the last value).
                    selected.Save = false;
                    loop.SavedBefore = NewVariable("_saved_" + m.Name, m.Type);
                }
            }
        }

        /// <summary>
        /// <c>Math.Max(m, e)</c> or <c>Math.Min</c>, either way round, with <c>e</c> cheap and free of <c>m</c>
        /// and of effects: <paramref name="candidate"/> is <c>e</c>, and <paramref name="wins"/> the condition,
        /// read from the rule table, under which the derivative goes to <c>e</c> (ties as the rule has them).
        /// </summary>
        private static bool RunningExtreme(Expr value, Variable m, out Expr candidate, out Expr? wins)
        {
            candidate = value;
            wins = null;
            if (value is not Model.Call { Function: Intrinsic.Max or Intrinsic.Min } call || call.Args.Count != 2) return false;
            int own = call.Args[0] is VarRef a && a.Var.Id == m.Id ? 0 : call.Args[1] is VarRef b && b.Var.Id == m.Id ? 1 : -1;
            if (own < 0) return false;
            candidate = call.Args[1 - own];
            // e is evaluated once more, for the condition: only when that costs a few operations.
            if (IrWalker.ReadsVariable(candidate, m) || IrWalker.HasEffects(candidate) || !IsCheap(candidate)) return false;
            if (DerivativeRules.Partial(call.Function, call, 1 - own, call) is not Conditional { Condition: var condition, WhenTrue: RealConst whenTrue, WhenFalse: RealConst whenFalse })
            {
                return false;
            }

            wins = (whenTrue.Value, whenFalse.Value) switch
            {
                (1, 0) => condition,
                (0, 1) => new Unary(UnaryOp.Not, condition, TypeRef.Boolean),
                _ => null,
            };
            return wins is not null;
        }

        /// <summary>The only statement of the loop with reverse work, if it is an overwrite of a real
        /// local in the loop's body (no nested loops, no returns, nothing else saved).</summary>
        private static StmtNode? SelectedStatement(LoopNode loop)
        {
            StmtNode? selected = null;
            foreach (Node n in AllNodes(loop))
            {
                switch (n)
                {
                    case LoopNode inner when inner != loop:
                    case StmtNode { Statement: Return }:
                    case StmtNode { Save: true, Core.Count: 0 }:
                        return null;
                    case StmtNode s when s.Core.Count > 0:
                        if (selected is not null) return null;
                        selected = s;
                        break;
                }
            }

            return selected is { Loop: { } owner, ElementIndex: null, Target: { } v } && owner == loop && v.Type.IsReal && AllNodes(loop.Body).Contains(selected)
                ? selected
                : null;
        }

        // ------------------------------------------------------------------ fusion

        private LoopNode? _fusedLoop;

        /// <summary>
        /// Finds a top-level counting loop that can run its reverse sweep inside itself: a reduction
        /// such as <c>loss += f(x[i], w)</c>. That needs (1) the code after the loop to have a reverse
        /// sweep that reads nothing the loop or that code computes (<c>return loss / n</c>: the adjoint
        /// of <c>loss</c> is known before the loop starts) and that saves or records nothing, and (2) each
        /// iteration's reverse work to be independent of the other iterations': it may not change the
        /// adjoint of any variable that lives across iterations, only add to the adjoints of inputs.
        /// </summary>
        private int FindFusableLoop(BlockNode root)
        {
            for (int index = root.Children.Count - 1; index >= 0; index--)
            {
                if (root.Children[index] is not LoopNode loop) continue;
                if (loop.Counting is null || !loop.HasReverse) return -1;

                var tailWrites = new HashSet<int>();
                var tailReads = new HashSet<int>();
                for (int i = index + 1; i < root.Children.Count; i++)
                {
                    foreach (Node n in AllNodes(root.Children[i]))
                    {
                        switch (n)
                        {
                            case LoopNode:
                            case StmtNode { Save: true }:
                            case IfNode { HasReverse: true, ReEvaluate: false }:
                                return -1;
                            case StmtNode s:
                                if (s.Target is { } t) tailWrites.Add(t.Id);
                                if (s.Statement is Return) tailWrites.Add(_result.Id);
                                tailReads.UnionWith(s.ReadsBefore);
                                tailReads.UnionWith(s.ReadsAfter);
                                break;
                            case IfNode { HasReverse: true } branch:
                                foreach (Variable v in IrWalker.Reads(branch.Condition)) tailReads.Add(v.Id);
                                break;
                        }
                    }
                }

                var loopWrites = new HashSet<int>();
                var declaredInside = new HashSet<int>();
                foreach (Node n in AllNodes(loop))
                {
                    switch (n)
                    {
                        case StmtNode s:
                            if (s.Target is { } t) loopWrites.Add(t.Id);
                            if (s.Statement is Declare d) declaredInside.Add(d.Var.Id);
                            if (s.Statement is Return) return -1;
                            break;
                        case IfNode { HasReverse: true, ReEvaluate: false }:
                            return -1;
                        case LoopNode { Counting: null, HasReverse: true }:
                            return -1;
                    }
                }

                if (tailReads.Any(v => loopWrites.Contains(v) || tailWrites.Contains(v))) return -1;

                // The reverse sweep of the code before the loop runs after the fused loop: what it reads
                // must still hold its value from before the loop (a fused loop saves only what one
                // iteration's own reverse work needs).
                HashSet<int> requiredBefore = Visit(Part(root, 0, index), new HashSet<int>());
                if (requiredBefore.Any(v => loopWrites.Contains(v) && !declaredInside.Contains(v))) return -1;

                // Restoring an overwritten element inside the iteration would undo forward work that
                // later iterations read; such loops keep their separate reverse loop.
                if (AllNodes(loop).Any(n => n is StmtNode { ElementIndex: not null, Target: { } array } && !declaredInside.Contains(array.Id))) return -1;
                _fusedDeclarations = declaredInside;

                // Adjoints of variables that live across iterations must only be read inside the loop.
                var carriedAdjoints = new HashSet<int>();
                foreach (int id in loopWrites)
                {
                    if (!declaredInside.Contains(id) && _adjoints.TryGetValue(id, out Variable? adjoint)) carriedAdjoints.Add(adjoint.Id);
                }

                foreach (Node n in AllNodes(loop))
                {
                    if (n is not StmtNode s) continue;
                    foreach (Stmt core in s.Core)
                    {
                        foreach (Stmt c in IrWalker.Statements(core))
                        {
                            if (c is Assign a && IrWalker.RootVariable(a.Target) is { } written && carriedAdjoints.Contains(written.Id)) return -1;
                            if (c is PullbackCall call && call.Adjoints.Any(x => x is VarRef v && carriedAdjoints.Contains(v.Var.Id))) return -1;
                        }
                    }
                }

                return index;
            }

            return -1;
        }

        /// <summary>Inside a fused loop only what one iteration's own reverse work needs is saved.</summary>
        private void PrepareFusion(LoopNode loop)
        {
            _fusedLoop = loop;
            foreach (Node n in AllNodes(loop.Body))
            {
                if (n is StmtNode s) s.Save = false;
            }

            Visit(loop.Body, new HashSet<int>());
            ComputeHasReverse(loop);
        }

        private HashSet<int> _fusedDeclarations = new();

        private List<Stmt> FusedLoop(LoopNode loop)
        {
            var body = new List<Stmt>();
            body.AddRange(Forward(loop.Body));

            // The reverse work restores values it saved; a value that lives across iterations (a running
            // power, a discount factor) is put back as the forward work left it, for the next iteration.
            var carried = AllNodes(loop.Body)
                .OfType<StmtNode>()
                .Where(s => s.Save && s.ElementIndex is null && s.Target is { } t && !_fusedDeclarations.Contains(t.Id))
                .Select(s => s.Target!)
                .GroupBy(v => v.Id)
                .Select(g => g.First())
                .ToList();
            var snapshots = carried.Select(v => (Variable: v, Snapshot: NewVariable("_next_" + v.Name, v.Type))).ToList();
            foreach (var (variable, snapshot) in snapshots) body.Add(new Assign(new VarRef(snapshot), new VarRef(variable)));
            body.AddRange(Reverse(loop.Body));
            foreach (var (variable, snapshot) in snapshots) body.Add(new Assign(new VarRef(variable), new VarRef(snapshot)));
            return new List<Stmt> { new Loop(LoopForm.For, loop.Source.Initializer, loop.Source.Condition, ToBlock(body), loop.Source.Increment) };
        }

        private static BlockNode Part(BlockNode block, int start, int end)
        {
            var part = new BlockNode { Loop = block.Loop };
            for (int i = start; i < end; i++) part.Children.Add(block.Children[i]);
            part.HasReverse = part.Children.Any(c => c.HasReverse);
            return part;
        }

        // ------------------------------------------------------------------ forward sweep

        private List<Stmt> Forward(Node node)
        {
            var output = new List<Stmt>();
            switch (node)
            {
                case BlockNode b:
                    foreach (Node child in b.Children) output.AddRange(Forward(child));
                    break;
                case StmtNode s:
                    ForwardStatement(s, output);
                    break;
                case IfNode i:
                    {
                        List<Stmt> then = Forward(i.Then);
                        List<Stmt> otherwise = Forward(i.Else);
                        Expr condition = i.Condition;
                        if (i.HasReverse && !i.ReEvaluate && i.Loop is not { Selected: not null })
                        {
                            if (i.Loop is not null)
                            {
                                Variable tape = Tape(TypeRef.Int32);
                                then.Add(new TapePush(tape, new IntConst(1, ScalarKind.Int32)));
                                otherwise.Add(new TapePush(tape, new IntConst(0, ScalarKind.Int32)));
                            }
                            else
                            {
                                i.Flag = NewVariable("_branch", TypeRef.Boolean);
                                output.Add(new Assign(new VarRef(i.Flag), condition));
                                condition = new VarRef(i.Flag);
                            }
                        }

                        output.Add(new If(condition, ToBlock(then), ToBlock(otherwise)));
                        break;
                    }

                case LoopNode l:
                    ForwardLoop(l, output);
                    break;
            }

            return output;
        }

        private void ForwardStatement(StmtNode s, List<Stmt> output)
        {
            if (s.Loop is { Selected: { } extreme, KeptWhen: { } wins } extremeLoop && extreme == s)
            {
                // m = Math.Max(m, e): the iteration is kept when e wins, which reads m before it changes.
                output.Add(new If(wins, ToBlock(RecordSelection(extremeLoop)), Block.Empty));
            }

            if (s.Save && s.Target is { } target)
            {
                Expr old = s.ElementIndex is null ? new VarRef(target) : new ElementAccess(new VarRef(target), s.ElementIndex);
                if (s.Loop is not null)
                {
                    // Booleans travel on the int tape as 1 and 0.
                    Expr value = old.Type.IsBoolean ? new Conditional(old, new IntConst(1, ScalarKind.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Int32) : old;
                    output.Add(new TapePush(Tape(old.Type), value));
                }
                else
                {
                    Variable slot = SaveSlot(s, old.Type);
                    output.Add(new Assign(new VarRef(slot), old));
                }
            }

            switch (s.Statement)
            {
                case Declare { Init: NewArray { IsStackalloc: false } created } d when _poolable.Contains(d.Var.Id):
                    {
                        // Rented, zeroed, returned at the end: the same elements as new T[n], no allocation.
                        Variable view = new(_nextId++, d.Var.Name, d.Var.Type.WithShape(Shape.Span), VariableKind.Local);
                        Variable owner = NewVariable(d.Var.Name + "Buffer", ScratchBufferType(d.Var.Type.Element));
                        output.Add(new Assign(new VarRef(owner), new RentBuffer(owner, created.Length)));
                        output.Add(new Assign(new VarRef(view), new MemberRead(new VarRef(owner), "Span", view.Type)));
                        _disposables.Add(owner);
                        _pooled[d.Var.Id] = view;
                        AllocateAdjointArray(d.Var, created);
                        output.AddRange(_pendingAllocations);
                        _pendingAllocations.Clear();
                        break;
                    }

                case Declare d:
                    output.Add(new Assign(new VarRef(d.Var), d.Init!));
                    if (d.Init is NewArray allocation)
                    {
                        AllocateAdjointArray(d.Var, allocation);
                        output.AddRange(_pendingAllocations);
                        _pendingAllocations.Clear();
                    }

                    break;
                case Return r:
                    output.Add(new Assign(new VarRef(_result), r.Value!));
                    break;
                default:
                    output.Add(s.Statement);
                    break;
            }

            if (s.Loop is { Selected: { } selected, KeptWhen: null } loop && selected == s)
            {
                output.AddRange(RecordSelection(loop));
            }
        }

        /// <summary>Records the current iteration as the selection loop's last kept one.</summary>
        private static List<Stmt> RecordSelection(LoopNode loop) => new()
        {
            new Assign(new VarRef(loop.LastCounter!), new VarRef(loop.Counting!.Counter)),
            new Assign(new VarRef(loop.SelectedRan!), new BoolConst(true)),
        };

        private readonly List<Stmt> _pendingAllocations = new();

        /// <summary>The adjoint buffer beside an active local array: stackalloc'd like it, or rented.</summary>
        private void AllocateAdjointArray(Variable array, NewArray allocation)
        {
            if (!IsActiveVariable(array)) return;
            Variable adjoint = ArrayAdjointOf(array);
            Expr length = new LengthOf(new VarRef(array));
            if (allocation.IsStackalloc)
            {
                _pendingAllocations.Add(new Assign(new VarRef(adjoint), new NewArray(adjoint.Type, length, IsStackalloc: true)));
                return;
            }

            Variable buffer = NewVariable(adjoint.Name + "Buffer", ScratchBufferType(adjoint.Type.Element));
            _pendingAllocations.Add(new Assign(new VarRef(buffer), new RentBuffer(buffer, length)));
            _pendingAllocations.Add(new Assign(new VarRef(adjoint), new MemberRead(new VarRef(buffer), "Span", adjoint.Type)));
            _disposables.Add(buffer);
        }

        private readonly Dictionary<StmtNode, Variable> _saveSlots = new();

        private Variable SaveSlot(StmtNode s, TypeRef type)
        {
            if (!_saveSlots.TryGetValue(s, out Variable? slot))
            {
                slot = NewVariable("_saved_" + s.Target!.Name, type);
                _saveSlots[s] = slot;
            }

            return slot;
        }

        private void ForwardLoop(LoopNode l, List<Stmt> output)
        {
            List<Stmt> body = Forward(l.Body);
            if (l.Counting is not null)
            {
                if (l.Selected is { Target: { } kept })
                {
                    if (l.SavedBefore is not null) output.Add(new Assign(new VarRef(l.SavedBefore), new VarRef(kept)));
                    output.Add(new Assign(new VarRef(l.SelectedRan!), new BoolConst(false)));
                }

                ReserveTapes(l, l.Counting, output);

                output.Add(new Loop(LoopForm.For, l.Source.Initializer, l.Source.Condition, ToBlock(body), l.Source.Increment));
                return;
            }

            output.AddRange(Forward(l.Init));
            if (l.HasReverse)
            {
                l.Trips = NewVariable("_trips", TypeRef.Int32);
                output.Add(new Assign(new VarRef(l.Trips), new IntConst(0, ScalarKind.Int32)));
                body.Insert(0, new Assign(new VarRef(l.Trips), new Binary(BinaryOp.Add, new VarRef(l.Trips), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)));
            }

            body.AddRange(Forward(l.Increment));
            LoopForm kind = l.Source.Kind == LoopForm.DoWhile ? LoopForm.DoWhile : LoopForm.While;
            output.Add(new Loop(kind, Block.Empty, l.Source.Condition, ToBlock(body), Block.Empty));
            if (l.HasReverse && l.Loop is not null)
            {
                output.Add(new TapePush(Tape(TypeRef.Int32), new VarRef(l.Trips!)));
            }
        }

        /// <summary>
        /// Before a counting loop, makes room on each tape for what every iteration pushes (the saves of
        /// statements at the top level of its body, the decision of each recorded branch there), so that
        /// the tape does not grow one doubling at a time while the loop runs.
        /// </summary>
        private void ReserveTapes(LoopNode l, CountingLoop counting, List<Stmt> output)
        {
            if (counting.Counter.Type.Scalar != ScalarKind.Int32) return;
            var perIteration = new List<(Variable Tape, int Pushes)>();
            foreach (Node child in l.Body.Children)
            {
                Variable? tape = child switch
                {
                    StmtNode { Save: true, Target: { } target } s => Tape(s.ElementIndex is null ? target.Type : target.Type.Element),
                    IfNode { HasReverse: true, ReEvaluate: false } when l.Selected is null => Tape(TypeRef.Int32),
                    _ => null,
                };
                if (tape is null) continue;
                int index = perIteration.FindIndex(p => p.Tape.Id == tape.Id);
                if (index < 0) perIteration.Add((tape, 1));
                else perIteration[index] = (tape, perIteration[index].Pushes + 1);
            }

            if (perIteration.Count == 0) return;
            var one = new IntConst(1, ScalarKind.Int32);
            Expr trips = counting.Ascending
                ? counting.Start is IntConst { Value: 0 } ? counting.Bound : new Binary(BinaryOp.Subtract, counting.Bound, counting.Start, TypeRef.Int32)
                : new Binary(BinaryOp.Subtract, counting.Start, counting.Bound, TypeRef.Int32);
            if (counting.Inclusive) trips = new Binary(BinaryOp.Add, trips, one, TypeRef.Int32);
            foreach ((Variable tape, int pushes) in perIteration)
            {
                Expr count = pushes == 1 ? trips : new Binary(BinaryOp.Multiply, new IntConst(pushes, ScalarKind.Int32), trips, TypeRef.Int32);
                output.Add(new TapeReserve(tape, count));
            }
        }

        private static Block ToBlock(List<Stmt> statements) => new(statements.ToEquatableArray());

        // ------------------------------------------------------------------ reverse sweep

        private List<Stmt> Reverse(Node node)
        {
            var output = new List<Stmt>();
            if (!node.HasReverse) return output;
            switch (node)
            {
                case BlockNode b:
                    {
                        // Recompute this block's recomputable locals, into fresh variables that the
                        // reverse code of the block reads instead.
                        // In a fused loop the forward work of the same iteration has just computed them.
                        var renamed = new Dictionary<int, Expr>();
                        foreach (Node child in b.Children)
                        {
                            if (b.Loop is not null && b.Loop == _fusedLoop) break;
                            if (child is StmtNode { Recomputable: true, Target: { } v } s && _needed.Contains(v.Id))
                            {
                                Variable fresh = new(_nextId++, v.Name, v.Type, VariableKind.Local);
                                output.Add(new Assign(new VarRef(fresh), IrRewriter.Substitute(RecomputedValue(s), renamed)));
                                renamed[v.Id] = new VarRef(fresh);
                            }
                        }

                        int recomputed = output.Count;
                        for (int i = b.Children.Count - 1; i >= 0; i--)
                        {
                            output.AddRange(Reverse(b.Children[i]));
                        }

                        for (int i = recomputed; i < output.Count; i++)
                        {
                            output[i] = IrRewriter.Substitute(output[i], renamed);
                        }

                        break;
                    }

                case StmtNode s:
                    {
                        var restore = new List<Stmt>();
                        if (s.Save && s.Target is { } target)
                        {
                            Expr place = s.ElementIndex is null ? new VarRef(target) : new ElementAccess(new VarRef(target), s.ElementIndex);
                            Expr saved = s.Loop is null
                                ? new VarRef(SaveSlot(s, place.Type))
                                : place.Type.IsBoolean
                                    ? new Binary(BinaryOp.NotEquals, new TapePop(Tape(place.Type), TypeRef.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean)
                                    : new TapePop(Tape(place.Type), place.Type);
                            restore.Add(new Assign(place, saved));
                        }

                        if (s.CoreBeforeRestore)
                        {
                            output.AddRange(s.Core);
                            output.AddRange(restore);
                        }
                        else
                        {
                            output.AddRange(restore);
                            output.AddRange(s.Core);
                        }

                        break;
                    }

                case IfNode i:
                    {
                        Expr condition = i.ReEvaluate
                            ? i.Condition
                            : i.Flag is not null
                                ? new VarRef(i.Flag)
                                : new Binary(BinaryOp.NotEquals, new TapePop(Tape(TypeRef.Int32), TypeRef.Int32), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean);
                        output.Add(new If(condition, ToBlock(Reverse(i.Then)), ToBlock(Reverse(i.Else))));
                        break;
                    }

                case LoopNode l:
                    ReverseLoop(l, output);
                    break;
            }

            return output;
        }

        private void ReverseLoop(LoopNode l, List<Stmt> output)
        {
            if (l.Selected is { } selected)
            {
                // A selection loop: the adjoint code of its last selecting iteration, if there was one.
                var last = new Dictionary<int, Expr> { [l.Counting!.Counter.Id] = new VarRef(l.LastCounter!) };
                List<Stmt> core = l.KeptCore!.Select(s => IrRewriter.Substitute(s, last)).ToList();
                output.Add(new If(new VarRef(l.SelectedRan!), ToBlock(core), Block.Empty));
                if (l.SavedBefore is not null) output.Add(new Assign(new VarRef(selected.Target!), new VarRef(l.SavedBefore)));
                return;
            }

            if (l.Counting is { } c)
            {
                // for (int i = a; i < b; i++)  is reversed as  for (int i = b - 1; i >= a; i--)
                Variable counter = new(_nextId++, c.Counter.Name, c.Counter.Type, VariableKind.Local);
                var one = new IntConst(1, c.Counter.Type.Scalar);
                Expr first = c.Inclusive ? c.Bound : new Binary(c.Ascending ? BinaryOp.Subtract : BinaryOp.Add, c.Bound, one, c.Counter.Type);
                Expr condition = new Binary(c.Ascending ? BinaryOp.GreaterOrEqual : BinaryOp.LessOrEqual, new VarRef(counter), c.Start, TypeRef.Boolean);
                Stmt step = new Assign(new VarRef(counter), new Binary(c.Ascending ? BinaryOp.Subtract : BinaryOp.Add, new VarRef(counter), one, c.Counter.Type));
                var renamed = new Dictionary<int, Expr> { [c.Counter.Id] = new VarRef(counter) };
                List<Stmt> body = Reverse(l.Body).Select(s => IrRewriter.Substitute(s, renamed)).ToList();
                output.Add(new Loop(LoopForm.For, Block.Of(new Declare(counter, first)), condition, ToBlock(body), Block.Of(step)));
                return;
            }

            Variable trips = l.Trips!;
            if (l.Loop is not null)
            {
                output.Add(new Assign(new VarRef(trips), new TapePop(Tape(TypeRef.Int32), TypeRef.Int32)));
            }

            Variable k = NewVariable("_k", TypeRef.Int32);
            var reverseBody = new List<Stmt>();
            reverseBody.AddRange(Reverse(l.Increment));
            reverseBody.AddRange(Reverse(l.Body));
            output.Add(new Loop(
                LoopForm.For,
                Block.Of(new Declare(k, new VarRef(trips))),
                new Binary(BinaryOp.GreaterThan, new VarRef(k), new IntConst(0, ScalarKind.Int32), TypeRef.Boolean),
                ToBlock(reverseBody),
                Block.Of(new Assign(new VarRef(k), new Binary(BinaryOp.Subtract, new VarRef(k), new IntConst(1, ScalarKind.Int32), TypeRef.Int32)))));
            output.AddRange(Reverse(l.Init));
        }
    }
}
