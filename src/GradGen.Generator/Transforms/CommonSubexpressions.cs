using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Evaluates a repeated call once. Within a run of consecutive assignments, a subexpression that
    /// contains a call (<c>Math.Exp(-z)</c>, <c>1.0 + Math.Abs(y)</c>) and occurs twice or more, with
    /// nothing in between changing what it reads, moves into a local <c>_t</c> before its first use.
    /// Elementary functions are pure and deterministic, so the user's own arithmetic keeps its bits.
    /// Outside loops only derivative code is rewritten, so straight-line code reads as the user wrote
    /// it; inside loops the user's statements share their calls with the reverse sweep too (a
    /// logistic loss then evaluates one exp per sample, like hand-written code).
    /// </summary>
    internal static class CommonSubexpressions
    {
        public static Block Run(Block block, ref int nextId) => Run(block, inLoop: false, ref nextId);

        private static Block Run(Block block, bool inLoop, ref int nextId)
        {
            var output = new List<Stmt>();
            var run = new List<Stmt>();
            foreach (Stmt s in block.Statements)
            {
                if (s is Assign)
                {
                    run.Add(s);
                    continue;
                }

                Flush(run, output, inLoop, ref nextId);
                output.Add(s switch
                {
                    If i => new If(i.Condition, Run(i.Then, inLoop, ref nextId), Run(i.Else, inLoop, ref nextId)),
                    Loop l => new Loop(l.Kind, l.Initializer, l.Condition, Run(l.Body, inLoop: true, ref nextId), l.Increment),
                    _ => s,
                });
            }

            Flush(run, output, inLoop, ref nextId);
            return new Block(output.ToEquatableArray());
        }

        private static bool IsDerivativeCode(Assign a) => IrWalker.RootVariable(a.Target) is { Kind: VariableKind.Generated };

        private static void Flush(List<Stmt> run, List<Stmt> output, bool inLoop, ref int nextId)
        {
            var statements = run.Cast<Assign>().ToList();
            run.Clear();
            for (int round = 0; round < 16 && statements.Count > 0; round++)
            {
                if (!HoistOne(statements, inLoop, ref nextId)) break;
            }

            output.AddRange(statements);
        }

        /// <summary>Hoists the largest repeated call-bearing subexpression of the run, if there is one.</summary>
        private static bool HoistOne(List<Assign> statements, bool inLoop, ref int nextId)
        {
            // Every candidate contains a call, so a repeated candidate means a repeated call: when no call
            // occurs twice there is nothing to share (the common case, and a cheap check).
            // Bucketed by function first, so that deep structural comparison only happens between calls of
            // the same function (hashing whole expression trees would cost more than it saves).
            var byFunction = new Dictionary<Intrinsic, List<Expr>>();
            bool repeated = false;
            foreach (Assign a in statements)
            {
                if (!inLoop && !IsDerivativeCode(a)) continue;
                foreach (Expr call in Calls(a.Value))
                {
                    Intrinsic function = ((Model.Call)call).Function;
                    if (!byFunction.TryGetValue(function, out List<Expr>? same))
                    {
                        byFunction[function] = new List<Expr> { call };
                        continue;
                    }

                    repeated |= same.Any(call.Equals);
                    same.Add(call);
                }
            }

            if (!repeated) return false;

            var counts = new Dictionary<Expr, (Expr Expr, int Count, int First, int Last, int Size)>();
            for (int i = 0; i < statements.Count; i++)
            {
                if (!inLoop && !IsDerivativeCode(statements[i])) continue;
                foreach (Expr e in Candidates(statements[i]))
                {
                    counts[e] = counts.TryGetValue(e, out var c) ? (c.Expr, c.Count + 1, c.First, i, c.Size) : (e, 1, i, i, Size(e));
                }
            }

            foreach (var candidate in counts.Values.Where(c => c.Count > 1).OrderByDescending(c => c.Size))
            {
                var reads = new HashSet<int>(IrWalker.Reads(candidate.Expr).Select(v => v.Id));
                bool stable = true;
                for (int i = candidate.First; i < candidate.Last; i++)
                {
                    if (IrWalker.RootVariable(statements[i].Target) is { } written && reads.Contains(written.Id))
                    {
                        stable = false;
                        break;
                    }
                }

                if (!stable) continue;
                var temporary = new Variable(nextId++, "_t", candidate.Expr.Type, VariableKind.Generated);
                for (int i = candidate.First; i < statements.Count; i++)
                {
                    Assign a = statements[i];
                    if (inLoop || IsDerivativeCode(a))
                    {
                        statements[i] = new Assign(a.Target is ElementAccess t ? t with { Index = IrRewriter.Replace(t.Index, candidate.Expr, new VarRef(temporary)) } : a.Target,
                            IrRewriter.Replace(a.Value, candidate.Expr, new VarRef(temporary)));
                    }

                    // Past a write to what it reads (a restore in the reverse sweep), the expression has another value.
                    if (IrWalker.RootVariable(a.Target) is { } written && reads.Contains(written.Id)) break;
                }

                statements.Insert(candidate.First, new Assign(new VarRef(temporary), candidate.Expr));
                return true;
            }

            return false;
        }

        private static IEnumerable<Expr> Candidates(Assign a)
        {
            var stack = new Stack<Expr>();
            stack.Push(a.Value);
            while (stack.Count > 0)
            {
                Expr e = stack.Pop();
                if (e is Model.Call or Binary or Unary or Cast && e.Type.IsReal && ContainsCall(e) && !IrWalker.HasEffects(e) && !IrWalker.HasDifferentiableCall(e))
                {
                    yield return e;
                }

                if (e is Conditional c)
                {
                    // Branches are evaluated only sometimes; the condition always is.
                    stack.Push(c.Condition);
                    continue;
                }

                foreach (Expr child in IrWalker.Children(e)) stack.Push(child);
            }
        }

        private static bool ContainsCall(Expr e) => e is Model.Call || IrWalker.Children(e).Any(ContainsCall);

        private static IEnumerable<Expr> Calls(Expr e)
        {
            if (e is Model.Call) yield return e;
            if (e is Conditional c)
            {
                foreach (Expr x in Calls(c.Condition)) yield return x;
                yield break;
            }

            foreach (Expr child in IrWalker.Children(e))
            {
                foreach (Expr x in Calls(child)) yield return x;
            }
        }

        private static int Size(Expr e) => 1 + IrWalker.Children(e).Sum(Size);
    }
}
