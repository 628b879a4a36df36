using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Generator.Differentiation.Reverse.Analyses
{
    /// <summary>
    /// What the reverse sweep computes again instead of reading from a tape: loop locals recomputed from
    /// values the loop does not change, branch conditions evaluated again, element writes that overwrite
    /// nothing; and the variables the reverse sweep reads (<see cref="IsNeeded"/>), closed over what
    /// recomputing reads.
    /// </summary>
    internal sealed class Recomputation
    {
        private readonly HashSet<StmtNode> _recomputable;
        private readonly HashSet<StmtNode> _neverOverwrites;
        private readonly HashSet<IfNode> _reEvaluated;
        private readonly HashSet<int> _needed;
        private readonly Dictionary<LoopNode, HashSet<int>> _wholeOverwrites;

        private Recomputation(HashSet<StmtNode> recomputable, HashSet<StmtNode> neverOverwrites, HashSet<IfNode> reEvaluated, HashSet<int> needed, Dictionary<LoopNode, HashSet<int>> wholeOverwrites)
        {
            _recomputable = recomputable;
            _neverOverwrites = neverOverwrites;
            _reEvaluated = reEvaluated;
            _needed = needed;
            _wholeOverwrites = wholeOverwrites;
        }

        /// <summary>
        /// The local arrays a loop overwrites whole, <c>for (int i = 0; i &lt; n; i++) { ... a[i] = v; ... }</c> with <c>a</c>
        /// created as <c>new T[n]</c> (or the bound <c>a.Length</c>), the write in the body itself (every iteration, no
        /// return in the loop) and nothing in the loop, forward or reverse, reading <c>a</c>: the reverse sweep of the loop
        /// puts back every element it saved, so what the code after the loop does to <c>a</c> is never read by the reverse
        /// sweep of the code before it.
        /// </summary>
        public IReadOnlyCollection<int> WholeOverwrites(LoopNode loop) =>
            _wholeOverwrites.TryGetValue(loop, out HashSet<int>? arrays) ? arrays : (IReadOnlyCollection<int>)System.Array.Empty<int>();

        /// <summary>A local assigned once in a loop whose value the reverse sweep of its block computes again.</summary>
        public bool IsRecomputable(StmtNode s) => _recomputable.Contains(s);

        /// <summary>An element write <c>a[i] = ...</c> that writes each element once: nothing to save.</summary>
        public bool NeverOverwrites(StmtNode s) => _neverOverwrites.Contains(s);

        /// <summary>A branch whose condition the reverse sweep evaluates again instead of recording it.</summary>
        public bool ReEvaluates(IfNode i) => _reEvaluated.Contains(i);

        /// <summary>Whether the reverse sweep reads the variable.</summary>
        public bool IsNeeded(int variable) => _needed.Contains(variable);

        /// <param name="assignmentCounts">How many statements assign each variable.</param>
        /// <param name="forwardAlwaysRuns">The pullback, which returns the value: every loop's forward sweep runs.</param>
        public static Recomputation Analyze(BlockNode root, LoopShapes shapes, IReadOnlyDictionary<int, int> assignmentCounts, bool forwardAlwaysRuns)
        {
            var recomputable = new HashSet<StmtNode>();
            var neverOverwrites = new HashSet<StmtNode>();
            var reEvaluated = new HashSet<IfNode>();
            var elementWrites = new Dictionary<int, int>();
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is StmtNode { ElementIndex: not null, Target: { } array })
                {
                    elementWrites.TryGetValue(array.Id, out int n);
                    elementWrites[array.Id] = n + 1;
                }
            }

            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                switch (node)
                {
                    case BlockNode block:
                        MarkRecomputable(block, shapes, assignmentCounts, recomputable, keepExpensive: false);
                        break;
                    case IfNode branch:
                        if (!IrWalker.HasEffects(branch.Condition)
                            && !IrWalker.ContentReads(branch.Condition).Any(v => AnalysisTree.WrittenIn(branch.Then, v) || AnalysisTree.WrittenIn(branch.Else, v)))
                        {
                            reEvaluated.Add(branch);
                        }

                        break;
                    case StmtNode { ElementIndex: VarRef index, Target: { } array, Loop: { Loop: null } loop } s
                        when shapes.Counting(loop) is { } counting && index.Var.Id == counting.Counter.Id && elementWrites[array.Id] == 1
                            && ReadsOnlyWrittenElement(loop, s, array, counting.Counter):
                        // a[i] = ... once per element, in a loop over i that runs once: nothing is overwritten.
                        neverOverwrites.Add(s);
                        break;
                }
            }

            HashSet<int> needed = Needed(root, shapes, recomputable, reEvaluated);

            // A loop whose forward sweep runs anyway keeps its expensive values for the reverse sweep
            // (on the tape) instead of computing them a second time there.
            var keepExpensive = new HashSet<LoopNode>();
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is LoopNode loop && RunsForwardAnyway(loop, shapes, recomputable, needed, forwardAlwaysRuns)) keepExpensive.Add(loop);
            }

            if (keepExpensive.Count > 0)
            {
                bool changed = false;
                foreach (Node node in AnalysisTree.AllNodes(root))
                {
                    if (node is BlockNode { Loop: { } owner } block && keepExpensive.Contains(owner))
                    {
                        changed |= MarkRecomputable(block, shapes, assignmentCounts, recomputable, keepExpensive: true);
                    }
                }

                if (changed) needed = Needed(root, shapes, recomputable, reEvaluated);
            }

            return new Recomputation(recomputable, neverOverwrites, reEvaluated, needed, WholeOverwrites(root, shapes, assignmentCounts));
        }

        private static Dictionary<LoopNode, HashSet<int>> WholeOverwrites(BlockNode root, LoopShapes shapes, IReadOnlyDictionary<int, int> assignmentCounts)
        {
            // Each local array created once, with the length it was created with.
            var lengths = new Dictionary<int, Expr>();
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is StmtNode { Statement: Declare { Init: NewArray { Columns: null } created } d } && d.Var.Type.Shape == Shape.Array
                    && assignmentCounts.TryGetValue(d.Var.Id, out int count) && count == 1
                    && IrWalker.ContentReads(created.Length).All(v => !assignmentCounts.TryGetValue(v.Id, out int c) || c <= 1)
                    && !IrWalker.HasEffects(created.Length))
                {
                    lengths[d.Var.Id] = created.Length;
                }
            }

            var result = new Dictionary<LoopNode, HashSet<int>>();
            if (lengths.Count == 0) return result;
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is not LoopNode loop || shapes.Counting(loop) is not { Ascending: true, Inclusive: false, Start: IntConst { Value: 0 } } counting) continue;
                foreach (Node child in loop.Body.Children)
                {
                    if (child is StmtNode { Statement: Assign { Target: ElementAccess { Sequence: VarRef array, Index: VarRef index } } } write
                        && index.Var.Id == counting.Counter.Id
                        && lengths.TryGetValue(array.Var.Id, out Expr? length)
                        && (counting.Bound.Equals(length) || counting.Bound is LengthOf { Sequence: VarRef measured } && measured.Var.Id == array.Var.Id)
                        && !ReadsInLoop(loop, write, array.Var))
                    {
                        if (!result.TryGetValue(loop, out HashSet<int>? arrays)) result[loop] = arrays = new HashSet<int>();
                        arrays.Add(array.Var.Id);
                    }
                }
            }

            return result;
        }

        /// <summary>Whether anything in the loop but the write's target reads <paramref name="array"/> (forward or in its
        /// reverse work), or the loop can return.</summary>
        private static bool ReadsInLoop(LoopNode loop, StmtNode write, Variable array)
        {
            foreach (Node n in AnalysisTree.AllNodes(loop))
            {
                switch (n)
                {
                    case IfNode i when IrWalker.ReadsVariable(i.Condition, array):
                        return true;
                    case StmtNode { Statement: Return }:
                        return true;
                    case StmtNode s:
                        if (s.ReadsBefore.Contains(array.Id) || s.ReadsAfter.Contains(array.Id)) return true;
                        foreach (Expr e in IrWalker.Expressions(s.Statement))
                        {
                            if (ReferenceEquals(s, write) && e is VarRef target && target.Var.Id == array.Id) continue;
                            if (IrWalker.ReadsVariable(e, array)) return true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether the loop's forward sweep must run whatever is recomputed: the pullback returns the value
        /// it helps compute, a loop of unknown trip count is counted, and otherwise the reverse sweep reads
        /// a value the loop leaves (not its counter, which the reverse loop counts itself).
        /// </summary>
        private static bool RunsForwardAnyway(LoopNode loop, LoopShapes shapes, HashSet<StmtNode> recomputable, HashSet<int> needed, bool forwardAlwaysRuns)
        {
            if (forwardAlwaysRuns || shapes.Counting(loop) is not { } counting) return true;
            var recomputed = new HashSet<int>();
            foreach (Node n in AnalysisTree.AllNodes(loop))
            {
                if (n is StmtNode { Target: { } t } s && recomputable.Contains(s)) recomputed.Add(t.Id);
            }

            return loop.Writes.Any(id => id != counting.Counter.Id && !recomputed.Contains(id) && needed.Contains(id));
        }

        /// <summary>The variables the reverse sweep reads, closed over what recomputing them reads.</summary>
        private static HashSet<int> Needed(BlockNode root, LoopShapes shapes, HashSet<StmtNode> recomputable, HashSet<IfNode> reEvaluated)
        {
            var needed = new HashSet<int>();
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is StmtNode s)
                {
                    needed.UnionWith(s.ReadsBefore);
                    needed.UnionWith(s.ReadsAfter);
                }
                else if (node is IfNode i && reEvaluated.Contains(i))
                {
                    foreach (Variable v in IrWalker.ContentReads(i.Condition)) needed.Add(v.Id);
                }
                else if (node is LoopNode l && shapes.Counting(l) is { } c)
                {
                    foreach (Variable v in IrWalker.ContentReads(c.Start).Concat(IrWalker.ContentReads(c.Bound))) needed.Add(v.Id);
                }
            }

            bool grew = true;
            while (grew)
            {
                grew = false;
                foreach (Node node in AnalysisTree.AllNodes(root))
                {
                    if (node is StmtNode { Target: { } v } s && recomputable.Contains(s) && needed.Contains(v.Id))
                    {
                        foreach (Variable read in IrWalker.ContentReads(AnalysisTree.RecomputedValue(s))) grew |= needed.Add(read.Id);
                    }
                }
            }

            return needed;
        }

        /// <summary>
        /// Whether every read of <paramref name="array"/> in the loop comes after <paramref name="write"/> and reads
        /// the element it wrote (<c>a[i]</c>): then no iteration reads an element that another write changes.
        /// </summary>
        private static bool ReadsOnlyWrittenElement(LoopNode loop, StmtNode write, Variable array, Variable counter)
        {
            bool written = false;
            foreach (Node n in AnalysisTree.AllNodes(loop))
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
        private static bool MarkRecomputable(BlockNode block, LoopShapes shapes, IReadOnlyDictionary<int, int> assignmentCounts, HashSet<StmtNode> recomputable, bool keepExpensive)
        {
            if (block.Loop is not { } loop) return false;
            bool changed = false;
            var recomputedHere = new HashSet<int>();
            CountingLoop? counting = shapes.Counting(loop);
            for (int index = 0; index < block.Children.Count; index++)
            {
                if (block.Children[index] is not StmtNode s || s.ElementIndex is not null || s.Target is not { } v || shapes.IsCounterStatement(s)) continue;
                // A parameter holds its argument before the loop: overwriting it loses a value that the
                // reverse sweep of earlier statements may read, so it is saved, never recomputed.
                if (v.Kind == VariableKind.Parameter) continue;
                if (!assignmentCounts.TryGetValue(v.Id, out int count) || count != 1) continue;
                Expr? value = s.Statement switch
                {
                    Declare d => d.Init,
                    Assign a => a.Value,
                    _ => null,
                };
                if (v.Type.IsSequence && (value is Cast { Operand: var converted } ? converted : value) is VarRef aliased && aliased.Type.IsSequence)
                {
                    // An alias of an array or span (a helper's parameter bound to the caller's array where the helper is
                    // written in a loop): a reference no tape can hold, and none needs to, when no statement of the loop
                    // makes the aliased variable refer to another array (writing its elements changes nothing here).
                    if (aliased.Var.Id == v.Id || ReassignedIn(loop, aliased.Var))
                    {
                        changed |= recomputable.Remove(s);
                        continue;
                    }

                    changed |= recomputable.Add(s);
                    recomputedHere.Add(v.Id);
                    continue;
                }

                if (!v.Type.IsScalar || v.Type.Scalar == ScalarKind.Other) continue;
                if (value is null || IrWalker.HasEffects(value) || IrWalker.HasDifferentiableCall(value)) continue;

                bool cheap = IsCheap(value);
                if (keepExpensive && !cheap)
                {
                    changed |= recomputable.Remove(s);
                    continue;
                }

                HashSet<int>? writtenLater = null;
                bool ok = true;
                foreach (Variable read in IrWalker.ContentReads(value))
                {
                    if (read.Id == v.Id) { ok = false; break; }
                    if (recomputedHere.Contains(read.Id)) continue;
                    if (counting is not null && counting.Counter.Id == read.Id) continue;
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
                    changed |= recomputable.Remove(s);
                    continue;
                }

                changed |= recomputable.Add(s);
                recomputedHere.Add(v.Id);
            }

            return changed;
        }

        /// <summary>Whether a statement of <paramref name="loop"/> assigns <paramref name="variable"/> itself (not an element).</summary>
        private static bool ReassignedIn(LoopNode loop, Variable variable) =>
            AnalysisTree.AllNodes(loop).Any(n => n is StmtNode { Target: { } t, ElementIndex: null } && t.Id == variable.Id);

        private static HashSet<int> WritesAfter(BlockNode block, int index)
        {
            var writes = new HashSet<int>();
            for (int i = index + 1; i < block.Children.Count; i++)
            {
                foreach (Node n in AnalysisTree.AllNodes(block.Children[i]))
                {
                    if (n is StmtNode { Target: { } t }) writes.Add(t.Id);
                }
            }

            return writes;
        }

        /// <summary>Arithmetic and cheap functions of a handful of operations.</summary>
        public static bool IsCheap(Expr e)
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
    }
}
