using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation.Reverse.Analyses
{
    /// <summary>A top-level loop whose reverse sweep runs inside it, iteration by iteration.</summary>
    internal sealed class FusedLoop
    {
        public FusedLoop(int index, LoopNode loop, HashSet<int> declaredInside)
        {
            Index = index;
            Loop = loop;
            DeclaredInside = declaredInside;
        }

        /// <summary>The loop's position among the method's top-level statements.</summary>
        public int Index { get; }

        public LoopNode Loop { get; }

        /// <summary>Variables declared inside the loop (which do not live across iterations).</summary>
        public IReadOnlyCollection<int> DeclaredInside { get; }
    }

    /// <summary>
    /// Finds a top-level counting loop that can run its reverse sweep inside itself: a reduction
    /// such as <c>loss += f(x[i], w)</c>. That needs (1) the code after the loop to have a reverse
    /// sweep that reads nothing the loop or that code computes (<c>return loss / n</c>: the adjoint
    /// of <c>loss</c> is known before the loop starts) and that saves or records nothing, and (2) each
    /// iteration's reverse work to be independent of the other iterations': it may not change the
    /// adjoint of any variable that lives across iterations, only add to the adjoints of inputs.
    /// </summary>
    internal static class Fusion
    {
        /// <param name="result">The variable the reverse sweep reads the return value from.</param>
        /// <param name="adjoints">The adjoint variable of each primal variable that has one.</param>
        public static FusedLoop? Find(BlockNode root, LoopShapes shapes, Recomputation recomputation, Recording recording, Variable result, IReadOnlyDictionary<int, Variable> adjoints)
        {
            for (int index = root.Children.Count - 1; index >= 0; index--)
            {
                if (root.Children[index] is not LoopNode loop) continue;
                if (shapes.Counting(loop) is null || !recording.HasReverse(loop)) return null;

                var tailWrites = new HashSet<int>();
                var tailReads = new HashSet<int>();
                for (int i = index + 1; i < root.Children.Count; i++)
                {
                    foreach (Node n in AnalysisTree.AllNodes(root.Children[i]))
                    {
                        switch (n)
                        {
                            case LoopNode:
                                return null;
                            case StmtNode s when recording.Saves(s):
                                return null;
                            case IfNode branch when recording.HasReverse(branch) && !recomputation.ReEvaluates(branch):
                                return null;
                            case StmtNode s:
                                if (s.Target is { } t) tailWrites.Add(t.Id);
                                if (s.Statement is Return) tailWrites.Add(result.Id);
                                tailReads.UnionWith(s.ReadsBefore);
                                tailReads.UnionWith(s.ReadsAfter);
                                break;
                            case IfNode branch when recording.HasReverse(branch):
                                foreach (Variable v in IrWalker.Reads(branch.Condition)) tailReads.Add(v.Id);
                                break;
                        }
                    }
                }

                var loopWrites = new HashSet<int>();
                var declaredInside = new HashSet<int>();
                foreach (Node n in AnalysisTree.AllNodes(loop))
                {
                    switch (n)
                    {
                        case StmtNode s:
                            if (s.Target is { } t) loopWrites.Add(t.Id);
                            if (s.Statement is Declare d) declaredInside.Add(d.Var.Id);
                            if (s.Statement is Return) return null;
                            break;
                        case IfNode branch when recording.HasReverse(branch) && !recomputation.ReEvaluates(branch):
                            return null;
                        case LoopNode inner when shapes.Counting(inner) is null && recording.HasReverse(inner):
                            return null;
                    }
                }

                if (tailReads.Any(v => loopWrites.Contains(v) || tailWrites.Contains(v))) return null;

                // The reverse sweep of the code before the loop runs after the fused loop: what it reads
                // must still hold its value from before the loop (a fused loop saves only what one
                // iteration's own reverse work needs).
                HashSet<int> requiredBefore = ToBeRecorded.RequiredAfter(AnalysisTree.Part(root, 0, index), recording, shapes, recomputation);
                if (requiredBefore.Any(v => loopWrites.Contains(v) && !declaredInside.Contains(v))) return null;

                // Restoring an overwritten element inside the iteration would undo forward work that
                // later iterations read; such loops keep their separate reverse loop. Not so for a local array the
                // loop uses as scratch: every iteration overwrites it whole before reading it (see IsScratch).
                var scratch = new HashSet<int>();
                foreach (Node n in AnalysisTree.AllNodes(loop))
                {
                    if (n is not StmtNode { ElementIndex: not null, Target: { } array } || declaredInside.Contains(array.Id) || scratch.Contains(array.Id)) continue;
                    if (!IsScratch(loop, array, recomputation)) return null;
                    scratch.Add(array.Id);
                }

                // Adjoints of variables that live across iterations must only be read inside the loop. A scratch array's
                // adjoint is zero again at the end of each iteration's reverse work: the reverse work of the whole overwrite
                // that precedes every read clears each element it adds into.
                var carriedAdjoints = new HashSet<int>();
                foreach (int id in loopWrites)
                {
                    if (!declaredInside.Contains(id) && !scratch.Contains(id) && adjoints.TryGetValue(id, out Variable? adjoint)) carriedAdjoints.Add(adjoint.Id);
                }

                foreach (Node n in AnalysisTree.AllNodes(loop))
                {
                    if (n is not StmtNode s) continue;
                    foreach (Stmt core in s.Core)
                    {
                        foreach (Stmt c in IrWalker.Statements(core))
                        {
                            if (c is Assign a && IrWalker.RootVariable(a.Target) is { } written && carriedAdjoints.Contains(written.Id)) return null;
                            if (c is PullbackCall call && call.Adjoints.Any(x => x is VarRef v && carriedAdjoints.Contains(v.Var.Id))) return null;
                        }
                    }
                }

                return new FusedLoop(index, loop, declaredInside);
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="loop"/> uses the local array <paramref name="array"/> as scratch: every read of it in an
        /// iteration, forward or in the reverse work, comes after a loop of the same iteration that overwrites it whole
        /// (<see cref="Recomputation.WholeOverwrites"/>, <c>for (i = 0; i &lt; n; i++) a[i] = ...</c> with <c>a = new T[n]</c>),
        /// in the same block or one that encloses the read. No iteration then reads what another left, so each iteration's
        /// reverse work may put the elements back as it goes.
        /// </summary>
        private static bool IsScratch(LoopNode loop, Variable array, Recomputation recomputation)
        {
            bool Reads(Expr e) => IrWalker.ReadsVariable(e, array);

            bool StatementReads(StmtNode s)
            {
                if (s.ReadsBefore.Contains(array.Id) || s.ReadsAfter.Contains(array.Id)) return true;
                foreach (Expr e in IrWalker.Expressions(s.Statement))
                {
                    // The array a write names as its target is not a read of it.
                    if (s.Statement is Assign { Target: ElementAccess { Sequence: var target } } && ReferenceEquals(e, target)) continue;
                    if (Reads(e)) return true;
                }

                return false;
            }

            bool Visit(BlockNode block, bool covered)
            {
                foreach (Node child in block.Children)
                {
                    switch (child)
                    {
                        case StmtNode { Statement: Return }:
                            return false;
                        case StmtNode s when !covered && StatementReads(s):
                            return false;
                        case IfNode i:
                            if (!covered && Reads(i.Condition)) return false;
                            if (!Visit(i.Then, covered) || !Visit(i.Else, covered)) return false;
                            break;
                        case LoopNode l:
                            if (!Visit(l.Init, covered)) return false;
                            if (!covered && l.Source.Condition is { } condition && Reads(condition)) return false;
                            if (!Visit(l.Body, covered) || !Visit(l.Increment, covered)) return false;
                            if (recomputation.WholeOverwrites(l).Contains(array.Id)) covered = true;
                            break;
                    }
                }

                return true;
            }

            return Visit(loop.Init, covered: false) && !(loop.Source.Condition is { } head && Reads(head)) && Visit(loop.Body, covered: false)
                && Visit(loop.Increment, covered: false);
        }
    }
}
