using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Holds in a local an adjoint element that a counted loop adds into at an index the loop never changes. The reverse
    /// of <c>for (j = i + 1; j &lt; d; j++) qx[j] += q[l++] * xc[i]</c> adds into <c>_d_xc[i]</c> in every iteration; as
    /// an element, each addition stores it and the next loads it back, a dependence through memory that costs several
    /// times an addition in a register. After this pass the element is loaded once before the loop and stored once after:
    /// <code>
    /// if (i + 1 &lt; d) { _d_xcSum = _d_xc[i]; for (...) { ... _d_xcSum += e; } _d_xc[i] = _d_xcSum; }
    /// </code>
    /// The same additions in the same order, so the adjoint keeps its bits.
    /// <para>
    /// Only where nothing else can see the element while the loop runs: an array or span GradGen allocates for the
    /// derivative (never one a caller passes in, which may share memory with another), named in the loop only as that one
    /// element, whose index reads nothing the loop writes. The loop evaluates the element in every iteration (a statement
    /// of its body outside any branch names it), and the load and store sit behind the loop's condition on entry, so no
    /// element is touched that the loop would not have touched.
    /// </para>
    /// </summary>
    internal static class InvariantCells
    {
        public static Block Hold(Block block, HashSet<int> observable, ref int nextId) =>
            LoopRewriting.InnermostFirst(block, (Loop loop, List<Stmt> output, ref int id) =>
            {
                if (TryHold(loop, observable, ref id) is not { } held) return false;
                output.Add(held);
                return true;
            }, ref nextId);

        private static Stmt? TryHold(Loop loop, HashSet<int> observable, ref int nextId)
        {
            // for (T counter = start; condition; ...): the condition on entry is the condition at start.
            if (loop.Kind != LoopForm.For || loop.Condition is not { } condition || IrWalker.HasEffects(condition)) return null;
            if (loop.Initializer.Statements.Count != 1 || loop.Initializer.Statements[0] is not Declare { Init: { } start } counter
                || IrWalker.HasEffects(start))
            {
                return null;
            }

            var cells = new Dictionary<int, ElementAccess>();
            var excluded = new HashSet<int>();
            foreach (Stmt s in IrWalker.Statements(loop))
            {
                if (s is not (Block or If or Loop or Assign or Declare or Evaluate or TapePush or TapeReserve or PullbackCall)) return null;
                foreach (Expr e in Evaluated(s)) Collect(e, cells, excluded);
            }

            HashSet<int> written = IrWalker.Writes(loop);
            var held = new List<ElementAccess>();
            foreach (KeyValuePair<int, ElementAccess> candidate in cells)
            {
                ElementAccess cell = candidate.Value;
                var array = ((VarRef)cell.Sequence).Var;
                if (excluded.Contains(array.Id) || observable.Contains(array.Id) || array.Kind != VariableKind.Generated) continue;
                if (array.Type.Shape is not (Shape.Array or Shape.Span) || !cell.Type.IsReal) continue;
                if (IrWalker.HasEffects(cell.Index) || IrWalker.Reads(cell.Index).Any(v => written.Contains(v.Id))) continue;
                if (!IrWalker.Statements(loop.Body).Any(s => s is Assign a && a.Target.Equals(cell))) continue;
                if (!loop.Body.Statements.Any(s => s is not (Block or If or Loop) && Evaluated(s).Any(e => Contains(e, cell)))) continue;
                held.Add(cell);
            }

            if (held.Count == 0) return null;
            var before = new List<Stmt>();
            var after = new List<Stmt>();
            var locals = new Dictionary<ElementAccess, Variable>();
            foreach (ElementAccess cell in held)
            {
                var local = new Variable(nextId++, ((VarRef)cell.Sequence).Var.Name + "Sum", cell.Type, VariableKind.Generated);
                locals[cell] = local;
                before.Add(new Assign(new VarRef(local), cell));
                after.Add(new Assign(cell, new VarRef(local)));
            }

            var rewritten = (Loop)IrRewriter.Rewrite(loop, e => e is ElementAccess a && locals.TryGetValue(a, out Variable? local) ? new VarRef(local) : null);
            Expr onEntry = IrRewriter.Rewrite(condition, e => e is VarRef v && v.Var.Id == counter.Var.Id ? start : null);
            before.Add(rewritten);
            before.AddRange(after);
            return new If(onEntry, new Block(before.ToEquatableArray()), Block.Empty);
        }

        /// <summary>The expressions a statement evaluates, an assignment's target as a whole (an element, not its parts).</summary>
        private static IEnumerable<Expr> Evaluated(Stmt s)
        {
            if (s is Assign a)
            {
                yield return a.Target;
                yield return a.Value;
                yield break;
            }

            if (s is Declare { Init: null } declare)
            {
                yield return new VarRef(declare.Var);
                yield break;
            }

            foreach (Expr e in IrWalker.Expressions(s)) yield return e;
            if (s is Declare d) yield return new VarRef(d.Var);
            if (s is PullbackCall { Result: { } result }) yield return result;
        }

        /// <summary>
        /// The elements <c>array[index]</c> of arrays and spans in <paramref name="e"/>, one per array (an array named at
        /// two indices, or as a whole, is excluded).
        /// </summary>
        private static void Collect(Expr e, Dictionary<int, ElementAccess> cells, HashSet<int> excluded)
        {
            switch (e)
            {
                case ElementAccess { Sequence: VarRef array } element when array.Type.IsSequence:
                    if (cells.TryGetValue(array.Var.Id, out ElementAccess? seen) && !seen.Equals(element)) excluded.Add(array.Var.Id);
                    else cells[array.Var.Id] = element;
                    Collect(element.Index, cells, excluded);
                    return;
                case VarRef v:
                    excluded.Add(v.Var.Id);
                    return;
            }

            foreach (Expr child in IrWalker.Children(e)) Collect(child, cells, excluded);
        }

        private static bool Contains(Expr e, Expr part)
        {
            if (e.Equals(part)) return true;
            foreach (Expr child in IrWalker.Children(e))
            {
                if (Contains(child, part)) return true;
            }

            return false;
        }
    }
}
