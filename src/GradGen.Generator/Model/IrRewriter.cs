using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model
{
    /// <summary>Structural rewrites of IR trees.</summary>
    internal static class IrRewriter
    {
        /// <summary>Rewrites every expression bottom-up with <paramref name="rewrite"/> (which returns null to keep a node).</summary>
        public static Expr Rewrite(Expr e, Func<Expr, Expr?> rewrite)
        {
            Expr rebuilt = e switch
            {
                Unary u => u with { Operand = Rewrite(u.Operand, rewrite) },
                Binary b => b with { Left = Rewrite(b.Left, rewrite), Right = Rewrite(b.Right, rewrite) },
                Call c => c with { Args = c.Args.Select(a => Rewrite(a, rewrite)).ToEquatableArray() },
                Conditional c => c with { Condition = Rewrite(c.Condition, rewrite), WhenTrue = Rewrite(c.WhenTrue, rewrite), WhenFalse = Rewrite(c.WhenFalse, rewrite) },
                Cast c => c with { Operand = Rewrite(c.Operand, rewrite) },
                ElementAccess a => a with { Sequence = Rewrite(a.Sequence, rewrite), Index = Rewrite(a.Index, rewrite) },
                LengthOf l => l with { Sequence = Rewrite(l.Sequence, rewrite) },
                MemberRead m when m.Receiver is not null => m with { Receiver = Rewrite(m.Receiver, rewrite) },
                OpaqueCall c => c with { Receiver = c.Receiver is null ? null : Rewrite(c.Receiver, rewrite), Args = c.Args.Select(a => Rewrite(a, rewrite)).ToEquatableArray() },
                DiffCall c => c with { Receiver = c.Receiver is null ? null : Rewrite(c.Receiver, rewrite), Args = c.Args.Select(a => Rewrite(a, rewrite)).ToEquatableArray() },
                StopGradient s => s with { Operand = Rewrite(s.Operand, rewrite) },
                NewArray n => n with { Length = Rewrite(n.Length, rewrite), Columns = n.Columns is null ? null : Rewrite(n.Columns, rewrite) },
                RentBuffer r => r with { Length = Rewrite(r.Length, rewrite) },
                _ => e,
            };

            return rewrite(rebuilt) ?? rebuilt;
        }

        /// <summary>Rewrites every expression in a statement (targets included) with <paramref name="rewrite"/>.</summary>
        public static Stmt Rewrite(Stmt s, Func<Expr, Expr?> rewrite)
        {
            Expr R(Expr e) => Rewrite(e, rewrite);
            Block B(Block b) => new(b.Statements.Select(x => Rewrite(x, rewrite)).ToEquatableArray());
            return s switch
            {
                Block b => B(b),
                Declare d => d.Init is null ? d : d with { Init = R(d.Init) },
                Assign a => new Assign(R(a.Target), R(a.Value)),
                If i => new If(R(i.Condition), B(i.Then), B(i.Else)),
                Loop l => new Loop(l.Kind, B(l.Initializer), l.Condition is null ? null : R(l.Condition), B(l.Body), B(l.Increment)),
                Return r => r.Value is null ? r : new Return(R(r.Value)),
                Evaluate e => new Evaluate(R(e.Value)),
                TapePush p => p with { Value = R(p.Value) },
                TapeReserve r => r with { Count = R(r.Count) },
                PullbackCall p => new PullbackCall((DiffCall)R(p.Call), p.Pullback, R(p.Seed), p.Adjoints.Select(R).ToEquatableArray(), p.Result is null ? null : R(p.Result)),
                ReturnValues r => r with { Values = r.Values.Select(R).ToEquatableArray() },
                _ => s,
            };
        }

        /// <summary>Replaces reads of variables by expressions (keyed by variable id).</summary>
        public static Expr Substitute(Expr e, IReadOnlyDictionary<int, Expr> map) =>
            map.Count == 0 ? e : Rewrite(e, x => x is VarRef v && map.TryGetValue(v.Var.Id, out Expr? replacement) ? replacement : null);

        public static Stmt Substitute(Stmt s, IReadOnlyDictionary<int, Expr> map) =>
            map.Count == 0 ? s : Rewrite(s, x => x is VarRef v && map.TryGetValue(v.Var.Id, out Expr? replacement) ? replacement : null);

        /// <summary>Replaces every occurrence of the expression <paramref name="pattern"/> (structural
        /// equality) by <paramref name="replacement"/>.</summary>
        public static Expr Replace(Expr e, Expr pattern, Expr replacement) =>
            Rewrite(e, x => x.Equals(pattern) ? replacement : null);
    }
}
