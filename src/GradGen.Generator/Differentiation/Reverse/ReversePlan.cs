using System.Collections.Generic;
using GradGen.Generator.Differentiation.Reverse.Analyses;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>A selection loop as the sweeps run it: its shape and the locals that record the kept iteration.</summary>
    internal sealed class Selection
    {
        public Selection(SelectionShape shape, Variable lastCounter, Variable selectedRan, Variable? savedBefore)
        {
            Shape = shape;
            LastCounter = lastCounter;
            SelectedRan = selectedRan;
            SavedBefore = savedBefore;
        }

        public SelectionShape Shape { get; }

        public StmtNode Selected => Shape.Selected;

        /// <summary>The adjoint code of the kept iteration.</summary>
        public List<Stmt> KeptCore => Shape.Kept.Core;

        public Expr? KeptWhen => Shape.KeptWhen;

        /// <summary>The counter at the selected statement's last execution.</summary>
        public Variable LastCounter { get; }

        /// <summary>Whether the selected statement ran at all.</summary>
        public Variable SelectedRan { get; }

        /// <summary>The kept variable's value before the loop, when the reverse sweep before the loop reads it.</summary>
        public Variable? SavedBefore { get; }
    }

    /// <summary>
    /// Everything the two sweeps need to know about one method, decided before either runs: the
    /// analyses' results and the locals that carry a decision from the forward sweep to the reverse
    /// sweep (a branch's flag, a loop's trip count). The sweeps read the plan and change nothing in it.
    /// </summary>
    internal sealed class ReversePlan
    {
        public ReversePlan(
            LoopShapes shapes,
            Recomputation recomputation,
            Recording recording,
            IReadOnlyDictionary<LoopNode, Selection> selections,
            FusedLoop? fused,
            IReadOnlyDictionary<IfNode, Variable> branchFlags,
            IReadOnlyDictionary<LoopNode, Variable> tripCounters)
        {
            Shapes = shapes;
            Recomputation = recomputation;
            Recording = recording;
            Selections = selections;
            Fused = fused;
            BranchFlags = branchFlags;
            TripCounters = tripCounters;
        }

        public LoopShapes Shapes { get; }

        public Recomputation Recomputation { get; }

        public Recording Recording { get; }

        public IReadOnlyDictionary<LoopNode, Selection> Selections { get; }

        public FusedLoop? Fused { get; }

        /// <summary>Top-level branches with reverse work whose condition cannot be evaluated again: a local records it.</summary>
        public IReadOnlyDictionary<IfNode, Variable> BranchFlags { get; }

        /// <summary>Loops with reverse work that are not counting loops: a local counts their trips.</summary>
        public IReadOnlyDictionary<LoopNode, Variable> TripCounters { get; }

        public CountingLoop? Counting(LoopNode loop) => Shapes.Counting(loop);

        public bool HasReverse(Node node) => Recording.HasReverse(node);

        public bool Saves(StmtNode s) => Recording.Saves(s);

        public bool ReEvaluates(IfNode i) => Recomputation.ReEvaluates(i);

        public Selection? SelectionOf(LoopNode? loop) => loop is not null && Selections.TryGetValue(loop, out Selection? s) ? s : null;
    }
}
