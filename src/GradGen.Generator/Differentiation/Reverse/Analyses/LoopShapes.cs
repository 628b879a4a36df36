using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse.Analyses
{
    /// <summary>
    /// Which loops are counting loops (<c>for (int i = a; i &lt; b; i++)</c> with a counter and a bound the
    /// body does not change): those are reversed by counting down, with no trip count recorded.
    /// </summary>
    internal sealed class LoopShapes
    {
        private readonly Dictionary<LoopNode, CountingLoop> _counting;
        private readonly HashSet<StmtNode> _counterStatements;

        private LoopShapes(Dictionary<LoopNode, CountingLoop> counting, HashSet<StmtNode> counterStatements)
        {
            _counting = counting;
            _counterStatements = counterStatements;
        }

        /// <summary>The loop's counting shape, or null when it is not a counting loop.</summary>
        public CountingLoop? Counting(LoopNode loop) => _counting.TryGetValue(loop, out CountingLoop? c) ? c : null;

        /// <summary>The initializer or the increment of a counting loop's counter.</summary>
        public bool IsCounterStatement(StmtNode s) => _counterStatements.Contains(s);

        public static LoopShapes Analyze(BlockNode root)
        {
            var counting = new Dictionary<LoopNode, CountingLoop>();
            var counterStatements = new HashSet<StmtNode>();
            foreach (Node node in AnalysisTree.AllNodes(root))
            {
                if (node is LoopNode loop && Detect(loop) is { } shape)
                {
                    counting[loop] = shape;
                    counterStatements.Add((StmtNode)loop.Init.Children[0]);
                    counterStatements.Add((StmtNode)loop.Increment.Children[0]);
                }
            }

            return new LoopShapes(counting, counterStatements);
        }

        private static CountingLoop? Detect(LoopNode loop)
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
            if (IrWalker.ContentReads(bound).Any(v => bodyWrites.Contains(v.Id))) return null;
            return new CountingLoop(counter, start, bound, ascending, inclusive);
        }
    }
}
