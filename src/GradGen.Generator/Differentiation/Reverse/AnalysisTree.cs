using System.Collections.Generic;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse
{
    /// <summary>
    /// The method's statements as a tree the reverse-mode analyses walk: blocks, branches, loops and
    /// single statements, each knowing its innermost enclosing loop. The tree holds structure only, and,
    /// on each statement, its adjoint code (written once by the core builder before any analysis runs).
    /// What the analyses find is in their own immutable results (<see cref="ReversePlan"/>), not here.
    /// </summary>
    internal abstract class Node
    {
        protected Node(LoopNode? loop) => Loop = loop;

        /// <summary>The innermost loop whose body or increment holds the node (null at the top level).</summary>
        public LoopNode? Loop { get; }
    }

    internal sealed class StmtNode : Node
    {
        public StmtNode(Stmt statement, LoopNode? loop)
            : base(loop)
        {
            Statement = statement;
            switch (statement)
            {
                case Declare d:
                    Target = d.Var;
                    break;
                case Assign { Target: VarRef v }:
                    Target = v.Var;
                    break;
                case Assign { Target: ElementAccess { Sequence: VarRef a } element }:
                    Target = a.Var;
                    ElementIndex = element.Index;
                    break;
            }
        }

        public Stmt Statement { get; }

        /// <summary>The variable the statement overwrites (the array, for an element write).</summary>
        public Variable? Target { get; }

        /// <summary>The index of an element write.</summary>
        public Expr? ElementIndex { get; }

        /// <summary>Adjoint statements for this statement's reverse sweep (the core builder's output).</summary>
        public List<Stmt> Core { get; } = new();

        /// <summary>Primal variables the core reads, with their values before the statement.</summary>
        public HashSet<int> ReadsBefore { get; } = new();

        /// <summary>Primal variables the core reads with their values after the statement (the statement's
        /// own result used in its derivative).</summary>
        public HashSet<int> ReadsAfter { get; } = new();

        /// <summary>The core reads the statement's new value, so it runs before the old value is restored.</summary>
        public bool CoreBeforeRestore { get; set; }

        /// <summary>The statement sets an element of a vector-valued method's result (where a return writes it): each is set
        /// once per call, by the return that ends it, and returned as it is, so its old value is never saved or put back.</summary>
        public bool WritesResult { get; set; }
    }

    internal sealed class BlockNode : Node
    {
        public BlockNode(LoopNode? loop)
            : base(loop)
        {
        }

        public List<Node> Children { get; } = new();
    }

    internal sealed class IfNode : Node
    {
        public IfNode(Expr condition, BlockNode then, BlockNode otherwise, LoopNode? loop)
            : base(loop)
        {
            Condition = condition;
            Then = then;
            Else = otherwise;
        }

        public Expr Condition { get; }

        public BlockNode Then { get; }

        public BlockNode Else { get; }
    }

    internal sealed class LoopNode : Node
    {
        public LoopNode(Loop loop, LoopNode? enclosing)
            : base(enclosing)
        {
            Source = loop;
            Writes = IrWalker.Writes(new Block(EquatableArray.Create<Stmt>(loop.Body, loop.Increment)));
        }

        public Loop Source { get; }

        public BlockNode Init { get; internal set; } = null!;

        public BlockNode Body { get; internal set; } = null!;

        public BlockNode Increment { get; internal set; } = null!;

        /// <summary>The variables the body and the increment write.</summary>
        public HashSet<int> Writes { get; }
    }

    /// <summary><c>for (int i = Start; i &lt;(=) Bound; i++)</c> or the decreasing form.</summary>
    internal sealed class CountingLoop
    {
        public CountingLoop(Variable counter, Expr start, Expr bound, bool ascending, bool inclusive)
        {
            Counter = counter;
            Start = start;
            Bound = bound;
            Ascending = ascending;
            Inclusive = inclusive;
        }

        public Variable Counter { get; }

        public Expr Start { get; }

        public Expr Bound { get; }

        public bool Ascending { get; }

        public bool Inclusive { get; }
    }

    internal static class AnalysisTree
    {
        public static BlockNode Build(Block block, LoopNode? loop)
        {
            var node = new BlockNode(loop);
            foreach (Stmt s in block.Statements)
            {
                switch (s)
                {
                    case Block nested:
                        node.Children.AddRange(Build(nested, loop).Children);
                        break;
                    case If i:
                        node.Children.Add(new IfNode(i.Condition, Build(i.Then, loop), Build(i.Else, loop), loop));
                        break;
                    case Loop l:
                        {
                            var loopNode = new LoopNode(l, loop);
                            loopNode.Init = Build(l.Initializer, loop);
                            loopNode.Body = Build(l.Body, loopNode);
                            loopNode.Increment = Build(l.Increment, loopNode);
                            node.Children.Add(loopNode);
                            break;
                        }

                    case Declare { Init: null }:
                        break; // a declaration without a value has no effect to reproduce
                    default:
                        node.Children.Add(new StmtNode(s, loop));
                        break;
                }
            }

            return node;
        }

        /// <summary>The node and everything under it, in program order.</summary>
        public static IEnumerable<Node> AllNodes(Node node)
        {
            yield return node;
            switch (node)
            {
                case BlockNode b:
                    foreach (Node child in b.Children)
                    {
                        foreach (Node n in AllNodes(child)) yield return n;
                    }

                    break;
                case IfNode i:
                    foreach (Node n in AllNodes(i.Then)) yield return n;
                    foreach (Node n in AllNodes(i.Else)) yield return n;
                    break;
                case LoopNode l:
                    foreach (Node n in AllNodes(l.Init)) yield return n;
                    foreach (Node n in AllNodes(l.Body)) yield return n;
                    foreach (Node n in AllNodes(l.Increment)) yield return n;
                    break;
            }
        }

        /// <summary>Children [start, end) of a block, as a block of their own.</summary>
        public static BlockNode Part(BlockNode block, int start, int end)
        {
            var part = new BlockNode(block.Loop);
            for (int i = start; i < end; i++) part.Children.Add(block.Children[i]);
            return part;
        }

        public static bool WrittenIn(Node node, Variable v)
        {
            foreach (Node n in AllNodes(node))
            {
                if (n is StmtNode { Target: { } t } && t.Id == v.Id) return true;
            }

            return false;
        }

        /// <summary>
        /// For a step of an integer local inside a loop, <c>k = k + c</c> or <c>k = k - c</c> with a constant <c>c</c> (a counter
        /// such as <c>lower++</c> in a triangular loop): the statement that undoes it, <c>k = k - c</c>, which the reverse sweep
        /// runs instead of reading the old value from the tape. Integer steps are undone exactly, wrapping included; null for any
        /// other statement.
        /// </summary>
        public static Stmt? InverseStep(StmtNode s)
        {
            if (s.Loop is null || s.ElementIndex is not null || s.Statement is not Assign { Target: VarRef target, Value: Binary step }) return null;
            if (!target.Var.Type.IsInteger || !target.Var.Type.IsScalar || step.Type != target.Var.Type) return null;
            IntConst? constant = step switch
            {
                { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarRef l, Right: IntConst c } when l.Var.Id == target.Var.Id => c,
                { Op: BinaryOp.Add, Left: IntConst c, Right: VarRef r } when r.Var.Id == target.Var.Id => c,
                _ => null,
            };
            if (constant is null) return null;
            BinaryOp inverse = step.Op == BinaryOp.Subtract ? BinaryOp.Add : BinaryOp.Subtract;
            return new Assign(target, new Binary(inverse, target, constant, step.ResultType));
        }

        /// <summary>The value a recomputable statement computes.</summary>
        public static Expr RecomputedValue(StmtNode s) => s.Statement switch
        {
            Declare d => d.Init!,
            Assign a => a.Value,
            _ => throw new System.InvalidOperationException(),
        };
    }
}
