using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Analysis;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using GradGen.Generator.Rules;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Inside loops, gives a local of its own to each active call whose derivative reuses the call's own
    /// value (Exp, Tanh, Tan, Cbrt, Pow or a two-argument Log in the differentiated argument) when the call
    /// sits inside a larger expression: <c>sum += Math.Exp(z[i] - m)</c> becomes
    /// <c>double _exp = Math.Exp(z[i] - m); sum += _exp;</c>. A loop whose forward sweep runs anyway can then
    /// keep the value for its reverse sweep instead of calling the function a second time (see
    /// <c>ReverseMode.MarkRecomputable</c>).
    /// <para>
    /// Only values without effects are split, and never a call that a conditional expression may skip: the
    /// same operations run on the same operands, so the method's value keeps its bits. Square roots stay
    /// where they are: one costs less than keeping it.
    /// </para>
    /// </summary>
    internal sealed class SelfReusingCalls
    {
        private readonly HashSet<int> _varied;
        private int _nextId;

        private SelfReusingCalls(HashSet<int> varied, int nextId)
        {
            _varied = varied;
            _nextId = nextId;
        }

        /// <summary>The body with those calls split out (the same instance when there are none).</summary>
        public static Block Split(Block body, HashSet<int> varied, ref int nextId)
        {
            var pass = new SelfReusingCalls(varied, nextId);
            Block result = pass.SplitBlock(body, inLoop: false);
            nextId = pass._nextId;
            return result;
        }

        private Block SplitBlock(Block block, bool inLoop)
        {
            List<Stmt>? output = null;
            for (int index = 0; index < block.Statements.Count; index++)
            {
                Stmt s = block.Statements[index];
                var temps = new List<Stmt>();
                Stmt split = s switch
                {
                    Block nested => SplitBlock(nested, inLoop),
                    If i => Rebuilt(i, i with { Then = SplitBlock(i.Then, inLoop), Else = SplitBlock(i.Else, inLoop) }),
                    Loop l => Rebuilt(l, l with { Body = SplitBlock(l.Body, inLoop: true) }),
                    Declare { Init: { } init } d when inLoop && d.Var.Type.IsReal && !IrWalker.HasEffects(init) =>
                        Rebuilt(d, d with { Init = Extract(init, top: true, temps) }),
                    Assign a when inLoop && a.Value.Type.IsReal && !IrWalker.HasEffects(a.Value) && !IrWalker.HasEffects(a.Target) =>
                        Rebuilt(a, a with { Value = Extract(a.Value, top: true, temps) }),
                    _ => s,
                };

                if (output is null && ReferenceEquals(split, s) && temps.Count == 0) continue;
                output ??= block.Statements.Take(index).ToList();
                output.AddRange(temps);
                output.Add(split);
            }

            return output is null ? block : new Block(output.ToEquatableArray());
        }

        /// <summary>The original statement when nothing in it changed (keeps unchanged trees shared).</summary>
        private static Stmt Rebuilt(Stmt original, Stmt rebuilt) => rebuilt.Equals(original) ? original : rebuilt;

        private Expr Extract(Expr e, bool top, List<Stmt> temps)
        {
            switch (e)
            {
                case Conditional:
                    return e; // a branch may skip the call
                case Binary { Type.IsReal: false }:
                    return e; // comparisons have no derivative; && and || may skip their right side
                case Model.Call call:
                    {
                        Model.Call rebuilt = call with { Args = call.Args.Select(a => Extract(a, top: false, temps)).ToEquatableArray() };
                        if (top || !ReusesOwnValue(call)) return rebuilt;
                        var temp = new Variable(_nextId++, "_" + call.Function.ToString().ToLowerInvariant(), call.Type, VariableKind.Synthetic);
                        temps.Add(new Declare(temp, rebuilt));
                        return new VarRef(temp);
                    }

                case Unary u:
                    return u with { Operand = Extract(u.Operand, top: false, temps) };
                case Binary b:
                    {
                        Expr left = Extract(b.Left, top: false, temps);
                        return b with { Left = left, Right = Extract(b.Right, top: false, temps) };
                    }

                case Cast c:
                    return c with { Operand = Extract(c.Operand, top: false, temps) };
                default:
                    return e;
            }
        }

        /// <summary>Whether the derivative in a differentiated argument reads the call's own value.</summary>
        private bool ReusesOwnValue(Model.Call call)
        {
            if (!DerivativeRules.ReusesOwnValue(call.Function)) return false;
            var self = new Variable(-1, "self", call.Type, VariableKind.Generated);
            for (int k = 0; k < call.Args.Count; k++)
            {
                if (!Activity.IsVaried(call.Args[k], _varied)) continue;
                if (DerivativeRules.Partial(call.Function, call, k, new VarRef(self)) is { } partial && IrWalker.ReadsVariable(partial, self)) return true;
            }

            return false;
        }
    }
}
