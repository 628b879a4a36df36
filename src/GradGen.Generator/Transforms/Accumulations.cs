using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
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

        /// <summary>
        /// Carries an adjoint element from one iteration to the next in a local. In a loop
        /// <c>for (int i = s; i &lt; b; i++)</c> whose body adds into <c>_d_x[i + 1]</c> and into
        /// <c>_d_x[i]</c> (and touches <c>_d_x</c> nowhere else), what one iteration adds at <c>i + 1</c> is
        /// the next iteration's <c>i</c>: it waits in <c>_carry</c> and joins that update, and the last one
        /// is added after the loop. One read-modify-write of memory per element instead of two, and no
        /// store that the next iteration must load back (a stencil such as Rosenbrock's). The additions
        /// happen in the same order, so the adjoints keep their bits.
        /// </summary>
        public static Block CarryAcrossIterations(Block block, ref int nextId) => LoopRewriting.InnermostFirst(block, TryCarry, ref nextId);

        private static bool TryCarry(Loop loop, List<Stmt> output, ref int nextId)
        {
            // for (int i = start; i < bound; i++), the counter and the bounds untouched by the body.
            if (loop.Kind != LoopForm.For || loop.Initializer.Statements.Count != 1 || loop.Increment.Statements.Count != 1) return false;
            if (loop.Initializer.Statements[0] is not Declare { Init: { } start } declare || !declare.Var.Type.IsInteger) return false;
            Variable counter = declare.Var;
            if (loop.Condition is not Binary { Op: BinaryOp.LessThan, Left: VarRef c, Right: { } bound } || c.Var.Id != counter.Id) return false;
            if (loop.Increment.Statements[0] is not Assign { Target: VarRef t, Value: Binary { Op: BinaryOp.Add, Left: VarRef l, Right: IntConst { Value: 1 } } }
                || t.Var.Id != counter.Id || l.Var.Id != counter.Id)
            {
                return false;
            }

            HashSet<int> bodyWrites = IrWalker.Writes(loop.Body);
            if (bodyWrites.Contains(counter.Id) || IrWalker.HasEffects(start) || IrWalker.HasEffects(bound)
                || IrWalker.Reads(start).Concat(IrWalker.Reads(bound)).Any(v => bodyWrites.Contains(v.Id)))
            {
                return false;
            }

            // The two accumulations, at the top level of the body: _d_x[i + 1] += a and _d_x[i] += b.
            IReadOnlyList<Stmt> body = loop.Body.Statements;
            for (int next = 0; next < body.Count; next++)
            {
                if (!IsUpdate(body[next], out Expr nextTarget, out Expr nextAddend)
                    || nextTarget is not ElementAccess { Sequence: VarRef { Var: var array }, Index: Binary { Op: BinaryOp.Add, Left: VarRef k, Right: IntConst { Value: 1 } } }
                    || k.Var.Id != counter.Id)
                {
                    continue;
                }

                int here = -1;
                for (int j = 0; j < body.Count && here < 0; j++)
                {
                    if (IsUpdate(body[j], out Expr target, out _) && target is ElementAccess { Sequence: VarRef a, Index: VarRef index }
                        && a.Var.Id == array.Id && index.Var.Id == counter.Id)
                    {
                        here = j;
                    }
                }

                if (here < 0 || Enumerable.Range(0, body.Count).Any(j => j != next && j != here && Mentions(body[j], array))) continue;

                IsUpdate(body[here], out Expr hereTarget, out Expr hereAddend);
                TypeRef type = hereTarget.Type;
                Variable carry = new(nextId++, "_carry", type, VariableKind.Generated);
                var rewritten = body.ToList();
                rewritten[here] = new Assign(hereTarget, AddInOrder(ExprBuilder.Add(hereTarget, new VarRef(carry)), hereAddend));
                HashSet<int> writtenLater = IrWalker.Writes(new Block(body.Skip(next + 1).ToEquatableArray()));
                if (next > here)
                {
                    rewritten[next] = new Assign(new VarRef(carry), nextAddend);
                }
                else if (!IrWalker.Reads(nextAddend).Any(v => writtenLater.Contains(v.Id)))
                {
                    // The next iteration's share joins the carry once this iteration's update has used it.
                    rewritten.RemoveAt(next);
                    rewritten.Add(new Assign(new VarRef(carry), nextAddend));
                }
                else
                {
                    Variable pending = new(nextId++, "_carryNext", type, VariableKind.Generated);
                    rewritten[next] = new Assign(new VarRef(pending), nextAddend);
                    rewritten.Add(new Assign(new VarRef(carry), new VarRef(pending)));
                }

                var last = new ElementAccess(new VarRef(array), bound);
                output.Add(new Assign(new VarRef(carry), ExprBuilder.Real(0, hereTarget.Type)));
                output.Add(new Loop(loop.Kind, loop.Initializer, loop.Condition, new Block(rewritten.ToEquatableArray()), loop.Increment));
                output.Add(new If(
                    new Binary(BinaryOp.LessThan, start, bound, TypeRef.Boolean),
                    Block.Of(new Assign(last, ExprBuilder.Add(last, new VarRef(carry)))),
                    Block.Empty));
                return true;
            }

            return false;
        }

        /// <summary>An accumulation (<see cref="IsAccumulation"/>), or <c>target = target - subtrahend</c>: the addend is then its negation.</summary>
        private static bool IsUpdate(Stmt s, out Expr target, out Expr addend)
        {
            if (IsAccumulation(s, out target, out addend)) return true;
            if (s is not Assign { Value: Binary { Op: BinaryOp.Subtract } difference } a || !difference.Left.Equals(a.Target) || difference.Type != a.Target.Type
                || IrWalker.RootVariable(a.Target) is not { Kind: VariableKind.Generated } root || IrWalker.ReadsVariable(difference.Right, root))
            {
                return false;
            }

            target = a.Target;
            addend = new Unary(UnaryOp.Negate, difference.Right, difference.Type);
            return true;
        }

        /// <summary><c>sum + addend</c>, evaluated in that order, written as a subtraction when the addend is a negation.</summary>
        private static Expr AddInOrder(Expr sum, Expr addend)
        {
            if (addend is Unary { Op: UnaryOp.Negate } negated) return new Binary(BinaryOp.Subtract, sum, negated.Operand, sum.Type);
            if (ExprBuilder.StartsWithNegation(addend))
            {
                return new Binary(BinaryOp.Subtract, sum, Simplifier.Simplify(new Unary(UnaryOp.Negate, addend, addend.Type)), sum.Type);
            }

            return ExprBuilder.Add(sum, addend);
        }

        /// <summary>Whether <paramref name="s"/> (or anything nested in it) reads or writes <paramref name="v"/>.</summary>
        private static bool Mentions(Stmt s, Variable v)
        {
            foreach (Stmt statement in IrWalker.Statements(s))
            {
                if (statement is Assign a && IrWalker.RootVariable(a.Target)?.Id == v.Id) return true;
                if (statement is not (Assign or Declare or Block or If or Loop or Evaluate or Return)) return true;
                foreach (Expr e in IrWalker.Expressions(statement))
                {
                    if (IrWalker.ReadsVariable(e, v)) return true;
                }
            }

            return false;
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
            return offsetA != offsetB && baseA.Equals(baseB);
        }

        private static (Expr Base, long Offset) Split(Expr e) => e switch
        {
            Binary { Op: BinaryOp.Add, Right: IntConst c } b => (b.Left, c.Value),
            Binary { Op: BinaryOp.Subtract, Right: IntConst c } b => (b.Left, -c.Value),
            _ => (e, 0),
        };
    }
}
