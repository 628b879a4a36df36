using System;
using System.Linq;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Generator.Differentiation.Reverse.Analyses
{
    /// <summary>A selection loop's shape: the one overwrite with reverse work, and the statement whose
    /// adjoint code the kept iteration runs (<c>m = e</c> for <c>m = Math.Max(m, e)</c>).</summary>
    internal sealed class SelectionShape
    {
        public SelectionShape(StmtNode selected, StmtNode kept, Expr? keptWhen)
        {
            Selected = selected;
            Kept = kept;
            KeptWhen = keptWhen;
        }

        public StmtNode Selected { get; }

        public StmtNode Kept { get; }

        /// <summary>For <c>m = Math.Max(m, e)</c>, when an iteration is kept (e wins); null when every
        /// execution of the selected statement is.</summary>
        public Expr? KeptWhen { get; }
    }

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
    internal static class SelectionLoops
    {
        /// <param name="derive">Builds a statement's node with its adjoint code (for <c>m = e</c>).</param>
        public static SelectionShape? Find(LoopNode loop, LoopShapes shapes, Recording recording, Func<Stmt, LoopNode, StmtNode> derive)
        {
            if (loop.Loop is not null || !recording.HasReverse(loop) || shapes.Counting(loop) is not { } counting) return null;
            StmtNode? selected = SelectedStatement(loop, recording);
            if (selected is null || selected.Statement is not Assign { Target: VarRef target } assignment) return null;
            Variable m = target.Var;
            int counter = counting.Counter.Id;

            // What the reverse sweep runs for the kept iteration: the overwrite's own adjoint code, or, for
            // m = Math.Max(m, e), that of m = e, kept where the derivative goes to e.
            StmtNode kept = selected;
            Expr? keptWhen = null;
            if (IrWalker.ReadsVariable(assignment.Value, m))
            {
                if (!RunningExtreme(assignment.Value, m, out Expr candidate, out keptWhen)) return null;
                kept = derive(new Assign(new VarRef(m), candidate), loop);
            }

            if (AnalysisTree.AllNodes(loop).Any(n => n is StmtNode { Target: { } t } other && t.Id == m.Id && other != selected)
                || kept.ReadsBefore.Any(id => id != counter && loop.Writes.Contains(id))
                || kept.ReadsAfter.Any(id => id != counter && id != m.Id && loop.Writes.Contains(id)))
            {
                return null;
            }

            return new SelectionShape(selected, kept, keptWhen);
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
            if (IrWalker.ReadsVariable(candidate, m) || IrWalker.HasEffects(candidate) || !Recomputation.IsCheap(candidate)) return false;
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
        private static StmtNode? SelectedStatement(LoopNode loop, Recording recording)
        {
            StmtNode? selected = null;
            foreach (Node n in AnalysisTree.AllNodes(loop))
            {
                switch (n)
                {
                    case LoopNode inner when inner != loop:
                    case StmtNode { Statement: Return }:
                    case StmtNode { Core.Count: 0 } saved when recording.Saves(saved):
                        return null;
                    case StmtNode s when s.Core.Count > 0:
                        if (selected is not null) return null;
                        selected = s;
                        break;
                }
            }

            return selected is { Loop: { } owner, ElementIndex: null, Target: { } v } && owner == loop && v.Type.IsReal && AnalysisTree.AllNodes(loop.Body).Contains(selected)
                ? selected
                : null;
        }
    }
}
