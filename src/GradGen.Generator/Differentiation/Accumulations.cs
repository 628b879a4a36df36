using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Emit;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Differentiation
{
    /// <summary>
    /// Merges accumulations into the same adjoint that nothing in between touches:
    /// <c>_d_x[i] -= _d_c; _d_x[i + 1] += _d_a; _d_x[i] -= 2.0 * x[i] * _d_a;</c> becomes one update of
    /// <c>_d_x[i]</c>, one read-modify-write instead of two (elements whose indices differ by a constant
    /// are known to be different). Only inside loops, where it saves memory traffic per iteration;
    /// straight-line code keeps one readable update per statement.
    /// </summary>
    internal static class Accumulations
    {
        public static Block Merge(Block block) => Merge(block, inLoop: false);

        private static Block Merge(Block block, bool inLoop)
        {
            var statements = block.Statements.Select(s => s switch
            {
                If i => new If(i.Condition, Merge(i.Then, inLoop), Merge(i.Else, inLoop)),
                Loop l => new Loop(l.Kind, l.Initializer, l.Condition, Merge(l.Body, inLoop: true), l.Increment),
                _ => s,
            }).ToList();

            if (!inLoop) return new Block(statements.ToEquatableArray());

            for (int first = 0; first < statements.Count; first++)
            {
                if (!IsAccumulation(statements[first], out Expr target, out Expr addend)) continue;
                for (int later = first + 1; later < statements.Count; later++)
                {
                    Stmt next = statements[later];
                    if (IsAccumulation(next, out Expr nextTarget, out Expr nextAddend) && nextTarget.Equals(target))
                    {
                        // Move the first addend down into the later update.
                        Expr sum = Simplifier.Simplify(ExprBuilder.Add(addend, nextAddend));
                        statements[later] = new Assign(target, ExprBuilder.Add(target, sum));
                        statements.RemoveAt(first);
                        first--;
                        break;
                    }

                    if (Touches(next, target) || Writes(next, IrWalker.Reads(addend)) || Writes(next, TargetReads(target))) break;
                }
            }

            return new Block(statements.ToEquatableArray());
        }

        /// <summary><c>target = target + addend</c> into a generated (adjoint) variable or element.</summary>
        private static bool IsAccumulation(Stmt s, out Expr target, out Expr addend)
        {
            target = addend = null!;
            if (s is not Assign { Value: Binary { Op: BinaryOp.Add } sum } a || !sum.Left.Equals(a.Target) || sum.Type != a.Target.Type) return false;
            if (IrWalker.RootVariable(a.Target) is not { Kind: VariableKind.Generated }) return false;
            target = a.Target;
            addend = sum.Right;
            return !IrWalker.ReadsVariable(addend, IrWalker.RootVariable(target)!);
        }

        private static IEnumerable<Variable> TargetReads(Expr target) =>
            target is ElementAccess element ? IrWalker.Reads(element.Index) : Enumerable.Empty<Variable>();

        private static bool Writes(Stmt s, IEnumerable<Variable> variables)
        {
            HashSet<int> written = IrWalker.Writes(s);
            if (s is PullbackCall call)
            {
                foreach (Expr adjoint in call.Adjoints)
                {
                    if (IrWalker.RootVariable(adjoint) is { } v) written.Add(v.Id);
                }
            }

            return s is TapePush or DisposeStmt || variables.Any(v => written.Contains(v.Id)) || s is not (Assign or Declare);
        }

        /// <summary>Whether <paramref name="s"/> may read or write the variable or element <paramref name="target"/>.</summary>
        private static bool Touches(Stmt s, Expr target)
        {
            Variable root = IrWalker.RootVariable(target)!;
            if (s is not Assign a) return true;
            if (target is VarRef)
            {
                return IrWalker.RootVariable(a.Target)?.Id == root.Id || IrWalker.ReadsVariable(a.Value, root)
                    || (a.Target is ElementAccess e && IrWalker.ReadsVariable(e.Index, root));
            }

            var element = (ElementAccess)target;
            foreach (Expr e in Uses(a))
            {
                if (!IrWalker.ReadsVariable(e, root)) continue;
                if (e is ElementAccess other && IrWalker.RootVariable(other) is { } r && r.Id == root.Id
                    && !IrWalker.ReadsVariable(other.Index, root) && Distinct(other.Index, element.Index))
                {
                    continue;
                }

                return true;
            }

            return false;
        }

        /// <summary>The target (as an element, if it is one) and every maximal subexpression that mentions arrays.</summary>
        private static IEnumerable<Expr> Uses(Assign a)
        {
            yield return a.Target;
            foreach (Expr e in ElementAccesses(a.Value)) yield return e;
        }

        private static IEnumerable<Expr> ElementAccesses(Expr e)
        {
            if (e is ElementAccess) yield return e;
            else if (e is VarRef) yield return e;
            else
            {
                foreach (Expr child in IrWalker.Children(e))
                {
                    foreach (Expr x in ElementAccesses(child)) yield return x;
                }
            }
        }

        /// <summary>Indices that differ by a non-zero constant (<c>i</c> and <c>i + 1</c>) or are different constants.</summary>
        private static bool Distinct(Expr a, Expr b)
        {
            if (a is IntConst ca && b is IntConst cb) return ca.Value != cb.Value;
            (Expr baseA, long offsetA) = Split(a);
            (Expr baseB, long offsetB) = Split(b);
            return offsetA != offsetB && Printer.Key(baseA) == Printer.Key(baseB);
        }

        private static (Expr Base, long Offset) Split(Expr e) => e switch
        {
            Binary { Op: BinaryOp.Add, Right: IntConst c } b => (b.Left, c.Value),
            Binary { Op: BinaryOp.Subtract, Right: IntConst c } b => (b.Left, -c.Value),
            _ => (e, 0),
        };
    }
}
