using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>
    /// Rewrites early exits (return inside the body, break, continue) into structured code, so that
    /// the differentiation only ever sees if/else and loops whose exits are their conditions.
    /// <para>
    /// After this pass there is no <see cref="Break"/> or <see cref="Continue"/>, and a
    /// <see cref="Return"/> only sets the result: nothing that follows it on its path has an effect.
    /// Where the code after an <c>if</c> can move into the branch that does not exit (the common
    /// <c>if (c) return a; ... return b;</c> and <c>if (c) continue;</c>) it moves there; otherwise a
    /// flag records the exit and guards what follows, and loop conditions test it. The rewritten code
    /// performs the same operations in the same order, so it computes the same bits.
    /// </para>
    /// </summary>
    internal sealed class ControlFlowStructuring
    {
        [Flags]
        private enum Exit
        {
            None = 0,
            Return = 1,
            Break = 2,
            Continue = 4,
        }

        private readonly struct Info
        {
            public Info(Exit may, bool must)
            {
                May = may;
                Must = must;
            }

            /// <summary>Exits that may leave the statement early (a flag records them).</summary>
            public Exit May { get; }

            /// <summary>True when every path leaves early (by an exit or a throw).</summary>
            public bool Must { get; }

            public bool Clean => May == Exit.None && !Must;
        }

        private sealed class LoopContext
        {
            public Variable? BreakFlag;
            public Variable? ContinueFlag;
        }

        private readonly Stack<LoopContext> _loops = new();
        private readonly List<Variable> _flags = new();
        private int _nextId;
        private Variable? _returned;

        private ControlFlowStructuring(int nextId)
        {
            _nextId = nextId;
        }

        public static Block Structure(Block body, ref int nextId)
        {
            var pass = new ControlFlowStructuring(nextId);
            (List<Stmt> statements, _) = pass.StructureList(body.Statements, 0);
            var declarations = pass._flags.Select(f => (Stmt)new Declare(f, new BoolConst(false))).ToList();
            declarations.AddRange(statements);
            Block structured = RemoveUnreadFlags(new Block(declarations.ToEquatableArray()), pass._flags);
            nextId = pass._nextId;
            return structured;
        }

        private Variable NewFlag(string name)
        {
            var flag = new Variable(_nextId++, name + _flags.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), TypeRef.Boolean, VariableKind.Synthetic);
            _flags.Add(flag);
            return flag;
        }

        private Variable Returned => _returned ??= NewFlag("_returned");

        private (List<Stmt> Statements, Info Info) StructureList(IReadOnlyList<Stmt> list, int start)
        {
            var output = new List<Stmt>();
            for (int i = start; i < list.Count; i++)
            {
                Stmt statement = list[i];
                (List<Stmt> structured, Info info, Info thenInfo, Info elseInfo) = StructureStatement(statement);
                if (info.Must)
                {
                    output.AddRange(structured);
                    return (output, info); // what follows is unreachable
                }

                if (info.May == Exit.None)
                {
                    output.AddRange(structured);
                    continue;
                }

                (List<Stmt> rest, Info restInfo) = StructureList(list, i + 1);
                if (rest.Count == 0)
                {
                    output.AddRange(structured);
                    return (output, info);
                }

                // if (c) { ...exit } rest  =>  if (c) { ...exit } else { rest }
                if (structured.Count == 1 && structured[0] is If branch && (thenInfo.Must && elseInfo.Clean || elseInfo.Must && thenInfo.Clean))
                {
                    bool thenExits = thenInfo.Must;
                    Block then = thenExits ? branch.Then : Append(branch.Then, rest);
                    Block otherwise = thenExits ? Append(branch.Else, rest) : branch.Else;
                    output.Add(new If(branch.Condition, then, otherwise));
                    Info exiting = thenExits ? thenInfo : elseInfo;
                    return (output, new Info(exiting.May | restInfo.May, restInfo.Must));
                }

                output.AddRange(structured);
                output.Add(new If(Guard(info.May), new Block(rest.ToEquatableArray()), Block.Empty));
                return (output, new Info(info.May | restInfo.May, restInfo.Must));
            }

            return (output, new Info(Exit.None, false));
        }

        private static Block Append(Block block, List<Stmt> rest)
        {
            var statements = new List<Stmt>(block.Statements);
            statements.AddRange(rest);
            return new Block(statements.ToEquatableArray());
        }

        private Expr Guard(Exit exits)
        {
            Expr? guard = null;
            if ((exits & Exit.Return) != 0) guard = And(guard, Not(Returned));
            if ((exits & Exit.Break) != 0) guard = And(guard, Not(BreakFlag()));
            if ((exits & Exit.Continue) != 0) guard = And(guard, Not(ContinueFlag()));
            return guard ?? new BoolConst(true);
        }

        private Variable BreakFlag()
        {
            LoopContext loop = _loops.Peek();
            return loop.BreakFlag ??= NewFlag("_break");
        }

        private Variable ContinueFlag()
        {
            LoopContext loop = _loops.Peek();
            return loop.ContinueFlag ??= NewFlag("_continue");
        }

        private static Expr Not(Variable flag) => new Unary(UnaryOp.Not, new VarRef(flag), TypeRef.Boolean);

        private static Expr And(Expr? left, Expr right) => left is null ? right : new Binary(BinaryOp.AndAlso, left, right, TypeRef.Boolean);

        private static Stmt Set(Variable flag, bool value) => new Assign(new VarRef(flag), new BoolConst(value));

        private (List<Stmt> Statements, Info Info, Info Then, Info Else) StructureStatement(Stmt statement)
        {
            Info none = new(Exit.None, false);
            switch (statement)
            {
                case Return ret:
                    return (new List<Stmt> { ret, Set(Returned, true) }, new Info(Exit.Return, true), none, none);
                case Break:
                    return (new List<Stmt> { Set(BreakFlag(), true) }, new Info(Exit.Break, true), none, none);
                case Continue:
                    return (new List<Stmt> { Set(ContinueFlag(), true) }, new Info(Exit.Continue, true), none, none);
                case Throw:
                    return (new List<Stmt> { statement }, new Info(Exit.None, true), none, none);
                case Block block:
                    {
                        (List<Stmt> inner, Info info) = StructureList(block.Statements, 0);
                        return (new List<Stmt> { new Block(inner.ToEquatableArray()) }, info, none, none);
                    }

                case If branch:
                    {
                        (List<Stmt> then, Info thenInfo) = StructureList(branch.Then.Statements, 0);
                        (List<Stmt> otherwise, Info elseInfo) = StructureList(branch.Else.Statements, 0);
                        var info = new Info(thenInfo.May | elseInfo.May, thenInfo.Must && elseInfo.Must);
                        var result = new If(branch.Condition, new Block(then.ToEquatableArray()), new Block(otherwise.ToEquatableArray()));
                        return (new List<Stmt> { result }, info, thenInfo, elseInfo);
                    }

                case Loop loop:
                    return StructureLoop(loop);
                default:
                    return (new List<Stmt> { statement }, none, none, none);
            }
        }

        private (List<Stmt>, Info, Info, Info) StructureLoop(Loop loop)
        {
            Info none = new(Exit.None, false);
            var context = new LoopContext();
            _loops.Push(context);
            (List<Stmt> body, Info bodyInfo) = StructureList(loop.Body.Statements, 0);
            _loops.Pop();

            // The initializer and increment cannot exit (C# allows only expressions there).
            bool returns = (bodyInfo.May & Exit.Return) != 0;
            Expr? stop = null;
            if (context.BreakFlag is not null) stop = And(stop, Not(context.BreakFlag));
            if (returns) stop = And(stop, Not(Returned));

            if (context.ContinueFlag is not null)
            {
                body.Insert(0, Set(context.ContinueFlag, false));
            }

            Expr? condition = loop.Condition;
            Block increment = loop.Increment;
            if (stop is not null)
            {
                // Test the flags first: after a break the condition is not evaluated again, as in C#.
                condition = condition is null ? stop : new Binary(BinaryOp.AndAlso, stop, condition, TypeRef.Boolean);
                if (increment.Statements.Count > 0)
                {
                    increment = Block.Of(new If(stop, increment, Block.Empty));
                }
            }

            var output = new List<Stmt>();
            if (context.BreakFlag is not null)
            {
                output.Add(Set(context.BreakFlag, false));
            }

            output.Add(new Loop(loop.Kind, loop.Initializer, condition, new Block(body.ToEquatableArray()), increment));
            return (output, new Info(returns ? Exit.Return : Exit.None, false), none, none);
        }

        /// <summary>Drops flags nothing reads (an exit handled by moving code into an else branch).</summary>
        private static Block RemoveUnreadFlags(Block body, List<Variable> flags)
        {
            if (flags.Count == 0) return body;
            var read = new HashSet<int>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                foreach (Expr e in IrWalker.Expressions(s))
                {
                    foreach (Variable v in IrWalker.Reads(e)) read.Add(v.Id);
                }
            }

            var unread = new HashSet<int>(flags.Where(f => !read.Contains(f.Id)).Select(f => f.Id));
            return unread.Count == 0 ? body : (Block)Remove(body, unread);
        }

        private static Stmt Remove(Stmt s, HashSet<int> unread)
        {
            switch (s)
            {
                case Block b:
                    {
                        var list = new List<Stmt>();
                        foreach (Stmt child in b.Statements)
                        {
                            if (child is Declare d && unread.Contains(d.Var.Id)) continue;
                            if (child is Assign { Target: VarRef v } && unread.Contains(v.Var.Id)) continue;
                            list.Add(Remove(child, unread));
                        }

                        return new Block(list.ToEquatableArray());
                    }

                case If i:
                    return new If(i.Condition, (Block)Remove(i.Then, unread), (Block)Remove(i.Else, unread));
                case Loop l:
                    return new Loop(l.Kind, (Block)Remove(l.Initializer, unread), l.Condition, (Block)Remove(l.Body, unread), (Block)Remove(l.Increment, unread));
                default:
                    return s;
            }
        }
    }
}
