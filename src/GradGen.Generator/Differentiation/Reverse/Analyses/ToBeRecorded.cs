using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse.Analyses
{
    /// <summary>
    /// The to-be-recorded analysis' result: which statements save the value they overwrite, which nodes
    /// have reverse work at all, and what the reverse sweep of the code before each loop still reads when
    /// the loop starts.
    /// </summary>
    internal sealed class Recording
    {
        private readonly HashSet<StmtNode> _saved;
        private readonly Dictionary<Node, bool> _hasReverse;
        private readonly Dictionary<LoopNode, HashSet<int>> _requiredAtEntry;

        internal Recording(HashSet<StmtNode> saved, Dictionary<Node, bool> hasReverse, Dictionary<LoopNode, HashSet<int>> requiredAtEntry)
        {
            _saved = saved;
            _hasReverse = hasReverse;
            _requiredAtEntry = requiredAtEntry;
        }

        /// <summary>Whether the statement saves the old value of its target (on a tape in a loop, in a local outside).</summary>
        public bool Saves(StmtNode s) => _saved.Contains(s);

        /// <summary>Whether the node's reverse sweep does anything (a block of the tree's own, or a part of one).</summary>
        public bool HasReverse(Node node) => _hasReverse.TryGetValue(node, out bool has)
            ? has
            : node is BlockNode part && part.Children.Any(HasReverse);

        /// <summary>What the reverse sweep of the code before the loop reads, as the loop starts.</summary>
        public IReadOnlyCollection<int>? RequiredAtEntry(LoopNode loop) => _requiredAtEntry.TryGetValue(loop, out HashSet<int>? r) ? r : null;

        /// <summary>The same recording with these statements saving nothing (what reverse work they have stays).</summary>
        public Recording Without(IEnumerable<StmtNode> unsaved)
        {
            var saved = new HashSet<StmtNode>(_saved);
            saved.ExceptWith(unsaved);
            return new Recording(saved, _hasReverse, _requiredAtEntry);
        }

        internal HashSet<StmtNode> SavedCopy() => new(_saved);

        internal Dictionary<Node, bool> HasReverseCopy() => new(_hasReverse);

        internal Dictionary<LoopNode, HashSet<int>> RequiredAtEntryCopy() => _requiredAtEntry.ToDictionary(p => p.Key, p => new HashSet<int>(p.Value));
    }

    /// <summary>
    /// To-be-recorded analysis: a forward data flow of the set of variables whose current values the
    /// reverse sweep still needs ("required"); a statement that overwrites a required variable saves it
    /// first. Saves add reverse work, which can make more values required: it runs to a fixed point.
    /// </summary>
    internal static class ToBeRecorded
    {
        public static Recording Analyze(BlockNode root, LoopShapes shapes, Recomputation recomputation)
        {
            var flow = new Flow(shapes, recomputation, new HashSet<StmtNode>(), new Dictionary<Node, bool>(), new Dictionary<LoopNode, HashSet<int>>());
            bool changed = true;
            while (changed)
            {
                flow.ComputeHasReverse(root);
                int savesBefore = flow.Saved.Count;
                flow.Visit(root, new HashSet<int>());
                changed = flow.Saved.Count != savesBefore;
            }

            flow.ComputeHasReverse(root);
            return flow.Result();
        }

        /// <summary>What the reverse sweep of <paramref name="part"/> reads when it ends (a query: the recording is unchanged).</summary>
        public static HashSet<int> RequiredAfter(BlockNode part, Recording recording, LoopShapes shapes, Recomputation recomputation)
        {
            var flow = new Flow(shapes, recomputation, recording.SavedCopy(), recording.HasReverseCopy(), recording.RequiredAtEntryCopy());
            return flow.Visit(part, new HashSet<int>());
        }

        /// <summary>Inside a fused loop only what one iteration's own reverse work needs is saved.</summary>
        public static Recording ForFusedLoop(LoopNode loop, Recording recording, LoopShapes shapes, Recomputation recomputation)
        {
            HashSet<StmtNode> saved = recording.SavedCopy();
            foreach (Node n in AnalysisTree.AllNodes(loop.Body))
            {
                if (n is StmtNode s) saved.Remove(s);
            }

            var flow = new Flow(shapes, recomputation, saved, recording.HasReverseCopy(), recording.RequiredAtEntryCopy());
            flow.Visit(loop.Body, new HashSet<int>());
            flow.ComputeHasReverse(loop);
            return flow.Result();
        }

        /// <summary>The analysis' working state; only <see cref="Result"/> leaves it.</summary>
        private sealed class Flow
        {
            private readonly LoopShapes _shapes;
            private readonly Recomputation _recomputation;
            private readonly Dictionary<Node, bool> _hasReverse;
            private readonly Dictionary<LoopNode, HashSet<int>> _requiredAtEntry;

            public Flow(LoopShapes shapes, Recomputation recomputation, HashSet<StmtNode> saved, Dictionary<Node, bool> hasReverse, Dictionary<LoopNode, HashSet<int>> requiredAtEntry)
            {
                _shapes = shapes;
                _recomputation = recomputation;
                Saved = saved;
                _hasReverse = hasReverse;
                _requiredAtEntry = requiredAtEntry;
            }

            public HashSet<StmtNode> Saved { get; }

            public Recording Result() => new(new HashSet<StmtNode>(Saved), new Dictionary<Node, bool>(_hasReverse), _requiredAtEntry.ToDictionary(p => p.Key, p => new HashSet<int>(p.Value)));

            private bool HasReverse(Node node) => _hasReverse.TryGetValue(node, out bool has) && has;

            public bool ComputeHasReverse(Node node)
            {
                bool result;
                switch (node)
                {
                    case StmtNode s:
                        result = s.Core.Count > 0 || Saved.Contains(s);
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

                _hasReverse[node] = result;
                return result;
            }

            public HashSet<int> Visit(Node node, HashSet<int> required)
            {
                switch (node)
                {
                    case StmtNode s:
                        {
                            if (_shapes.IsCounterStatement(s)) return required;
                            bool recomputable = _recomputation.IsRecomputable(s);
                            var reads = new HashSet<int>(s.ReadsBefore);
                            if (recomputable && s.Target is { } r && _recomputation.IsNeeded(r.Id))
                            {
                                foreach (Variable v in IrWalker.ContentReads(AnalysisTree.RecomputedValue(s))) reads.Add(v.Id);
                            }

                            // Writing each element once overwrites nothing needed only while the reverse sweep of
                            // the code before the loop does not read the array's old contents.
                            bool overwritesNothing = _recomputation.NeverOverwrites(s) && s.Target is { } array
                                && !(s.Loop is { } owner && _requiredAtEntry.TryGetValue(owner, out HashSet<int>? atEntry) && atEntry.Contains(array.Id));
                            if (s.Target is { } target && !recomputable && !overwritesNothing && !s.WritesResult
                                && (required.Contains(target.Id) || reads.Contains(target.Id)))
                            {
                                Saved.Add(s);
                            }

                            required.UnionWith(reads);
                            if (s.Target is { } written && s.ElementIndex is null)
                            {
                                // A saved integer step is undone from the value it leaves (k = k - 1), which the reverse
                                // sweep then needs; any other saved write puts the old value back from where it was saved.
                                if (Saved.Contains(s) && AnalysisTree.InverseStep(s) is not null) required.Add(written.Id);
                                else required.Remove(written.Id);
                            }

                            required.UnionWith(s.ReadsAfter);
                            return required;
                        }

                    case BlockNode b:
                        foreach (Node child in b.Children) required = Visit(child, required);
                        return required;
                    case IfNode i:
                        {
                            if (HasReverse(i) && _recomputation.ReEvaluates(i))
                            {
                                foreach (Variable v in IrWalker.ContentReads(i.Condition)) required.Add(v.Id);
                            }

                            HashSet<int> afterThen = Visit(i.Then, new HashSet<int>(required));
                            HashSet<int> afterElse = Visit(i.Else, new HashSet<int>(required));
                            afterThen.UnionWith(afterElse);
                            return afterThen;
                        }

                    case LoopNode l:
                        {
                            required = Visit(l.Init, required);
                            _requiredAtEntry[l] = new HashSet<int>(required);
                            CountingLoop? counting = _shapes.Counting(l);
                            if (HasReverse(l) && counting is not null)
                            {
                                foreach (Variable v in IrWalker.ContentReads(counting.Start).Concat(IrWalker.ContentReads(counting.Bound))) required.Add(v.Id);
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

                            if (counting is not null) head.Remove(counting.Counter.Id);

                            // An array the loop overwrites whole is put back whole by its reverse sweep: what comes after
                            // the loop need not save it for the code before.
                            foreach (int array in _recomputation.WholeOverwrites(l)) head.Remove(array);
                            return head;
                        }

                    default:
                        return required;
                }
            }
        }
    }
}
