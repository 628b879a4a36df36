using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// One call where there were two: <c>t = G(a)</c> followed (in the same block) by <c>GPullback(a, s, ...)</c>
    /// becomes <c>t = GPullback(a, s, ...)</c>, since a pullback returns its function's value. Valid when the
    /// seed and the arguments mean the same at the first call as at the second, and nothing in between
    /// touches the adjoints it fills (their zeroing moves up with it). In a fused reduction over calls,
    /// such as a batch loss summing a per-sample loss, the callee then runs once per sample, not twice.
    /// </summary>
    internal static class PullbackValues
    {
        public static Block Merge(Block block)
        {
            var statements = block.Statements.Select(s => s switch
            {
                If i => new If(i.Condition, Merge(i.Then), Merge(i.Else)),
                Loop l => new Loop(l.Kind, l.Initializer, l.Condition, Merge(l.Body), l.Increment),
                _ => s,
            }).ToList();

            for (int first = 0; first < statements.Count; first++)
            {
                if (statements[first] is not Assign { Target: VarRef result, Value: DiffCall call }) continue;
                int second = statements.FindIndex(first + 1, s => s is PullbackCall p && p.Result is null && p.Call.Equals(call));
                if (second < 0) continue;
                var pullback = (PullbackCall)statements[second];

                // What the pullback reads: the call's arguments, the seed, and what its adjoint arguments
                // are made of (a rented scratch buffer's span, say).
                HashSet<int> inputs = Reads(call);
                foreach (Variable v in IrWalker.Reads(pullback.Seed)) inputs.Add(v.Id);
                foreach (Expr adjoint in pullback.Adjoints)
                {
                    if (adjoint is VarRef) continue; // accumulated into: handled as an adjoint below
                    foreach (Variable v in IrWalker.Reads(adjoint)) inputs.Add(v.Id);
                }
                var adjoints = new HashSet<int>(pullback.Adjoints.Select(IrWalker.RootVariable).Where(v => v is not null).Select(v => v!.Id));
                var zeroings = new List<int>();
                bool movable = !inputs.Contains(result.Var.Id);
                for (int i = first + 1; i < second && movable; i++)
                {
                    Stmt between = statements[i];
                    HashSet<int> written = IrWalker.Writes(between);
                    if (between is Assign { Target: VarRef zeroed, Value: RealConst { Symbol: null } zero } && zero.Value == 0 && adjoints.Contains(zeroed.Var.Id))
                    {
                        zeroings.Add(i); // an adjoint the pullback fills, zeroed first: move it up too
                        continue;
                    }

                    bool touchesAdjoints = IrWalker.Expressions(between).SelectMany(IrWalker.Reads).Any(v => adjoints.Contains(v.Id)) || written.Overlaps(adjoints);
                    movable = !written.Overlaps(inputs) && !touchesAdjoints && between is Assign or Declare;
                }

                if (!movable) continue;
                var merged = new List<Stmt>();
                merged.AddRange(zeroings.Select(i => statements[i]));
                merged.Add(pullback with { Result = result });
                for (int i = first + 1; i < second; i++)
                {
                    if (!zeroings.Contains(i)) merged.Add(statements[i]);
                }

                statements.RemoveRange(first, second - first + 1);
                statements.InsertRange(first, merged);
                first += merged.Count - 1;
            }

            return new Block(statements.ToEquatableArray());
        }

        private static HashSet<int> Reads(DiffCall call) => new(IrWalker.Reads(call).Select(v => v.Id));
    }
}
