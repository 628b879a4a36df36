using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// Places the declaration of every local of generated code in the innermost block that holds all
    /// its uses, where it is safe: a loop body gets the declaration only when each iteration assigns
    /// the variable before reading it. The first plain assignment becomes the declaration
    /// (<c>double r = ...;</c>), so the generated code reads like hand-written code.
    /// </summary>
    internal static class Declarations
    {
        public static Block Place(Block body, ISet<int> bound)
        {
            var declared = new HashSet<int>(bound);
            foreach (Stmt s in IrWalker.Statements(body))
            {
                if (s is Declare d) declared.Add(d.Var.Id);
            }

            var toPlace = new List<Variable>();
            var seen = new HashSet<int>();
            foreach (Stmt s in IrWalker.Statements(body))
            {
                foreach (Variable v in Referenced(s))
                {
                    if (!declared.Contains(v.Id) && seen.Add(v.Id) && v.Kind != VariableKind.Parameter)
                    {
                        toPlace.Add(v);
                    }
                }
            }

            return PlaceIn(body, toPlace);
        }

        /// <summary>Variables one statement mentions, not counting the statements nested in it.</summary>
        private static IEnumerable<Variable> Referenced(Stmt statement)
        {
            switch (statement)
            {
                case Declare d:
                    yield return d.Var;
                    break;
                case Assign { Target: VarRef v }:
                    yield return v.Var;
                    break;
                case TapePush p:
                    yield return p.Tape;
                    break;
                case TapeReserve r:
                    yield return r.Tape;
                    break;
                case DisposeStmt dispose:
                    yield return dispose.Var;
                    break;
                case CheckLength check:
                    yield return check.Adjoint;
                    yield return check.Primal;
                    break;
                case PullbackCall { Result: VarRef result }:
                    yield return result.Var;
                    break;
            }

            foreach (Expr e in IrWalker.Expressions(statement))
            {
                foreach (Variable v in IrWalker.Reads(e)) yield return v;
            }
        }

        private static bool Mentions(Stmt s, Variable v) => MentionedIds(s).Contains(v.Id);

        /// <summary>The ids of every variable a statement, and every statement nested in it, mentions.</summary>
        private static HashSet<int> MentionedIds(Stmt s)
        {
            var ids = new HashSet<int>();
            foreach (Stmt statement in IrWalker.Statements(s))
            {
                foreach (Variable v in Referenced(statement)) ids.Add(v.Id);
            }

            return ids;
        }

        private static bool MentionsOutsideBlocks(Stmt s, Variable v)
        {
            switch (s)
            {
                case If i:
                    return IrWalker.Reads(i.Condition).Any(x => x.Id == v.Id);
                case Loop l:
                    return (l.Condition is not null && IrWalker.Reads(l.Condition).Any(x => x.Id == v.Id))
                        || Mentions(l.Initializer, v) || Mentions(l.Increment, v);
                default:
                    return true;
            }
        }

        private static Block PlaceIn(Block block, List<Variable> variables)
        {
            var statements = block.Statements.ToList();
            var here = new List<Variable>();
            var pushed = new Dictionary<(int Index, int Part), List<Variable>>();
            List<HashSet<int>> mentioned = statements.Select(MentionedIds).ToList();
            foreach (Variable v in variables)
            {
                var users = Enumerable.Range(0, statements.Count).Where(i => mentioned[i].Contains(v.Id)).ToList();
                if (users.Count == 1 && statements[users[0]] is If or Loop && !MentionsOutsideBlocks(statements[users[0]], v))
                {
                    Stmt user = statements[users[0]];
                    int part = -1;
                    if (user is If i)
                    {
                        bool inThen = Mentions(i.Then, v), inElse = Mentions(i.Else, v);
                        part = inThen && !inElse ? 0 : !inThen && inElse ? 1 : -1;
                    }
                    else if (user is Loop l && StartsWithAssignment(l.Body, v))
                    {
                        part = 2;
                    }

                    if (part >= 0)
                    {
                        if (!pushed.TryGetValue((users[0], part), out List<Variable>? list))
                        {
                            list = new List<Variable>();
                            pushed[(users[0], part)] = list;
                        }

                        list.Add(v);
                        continue;
                    }
                }

                if (users.Count > 0) here.Add(v);
            }

            foreach (KeyValuePair<(int Index, int Part), List<Variable>> entry in pushed)
            {
                Stmt user = statements[entry.Key.Index];
                statements[entry.Key.Index] = user switch
                {
                    If i when entry.Key.Part == 0 => i with { Then = PlaceIn(i.Then, entry.Value) },
                    If i => i with { Else = PlaceIn(i.Else, entry.Value) },
                    Loop l => l with { Body = PlaceIn(l.Body, entry.Value) },
                    _ => user,
                };
            }

            // Declare the rest here: at their first plain assignment, or just before their first use.
            mentioned = statements.Select(MentionedIds).ToList();
            foreach (Variable v in here)
            {
                int first = mentioned.FindIndex(ids => ids.Contains(v.Id));
                if (statements[first] is Assign { Target: VarRef target } assign && target.Var.Id == v.Id && !IrWalker.ReadsVariable(assign.Value, v))
                {
                    statements[first] = new Declare(v, assign.Value);
                }
                else
                {
                    statements.Insert(first, new Declare(v, null));
                    mentioned.Insert(first, new HashSet<int> { v.Id });
                }
            }

            return new Block(statements.ToEquatableArray());
        }

        /// <summary>Whether every execution of <paramref name="body"/> assigns <paramref name="v"/> before
        /// anything reads it (so a declaration in the body loses nothing between iterations).</summary>
        private static bool StartsWithAssignment(Block body, Variable v)
        {
            foreach (Stmt s in body.Statements)
            {
                if (!Mentions(s, v)) continue;
                return s is Assign { Target: VarRef target } assign && target.Var.Id == v.Id && !IrWalker.ReadsVariable(assign.Value, v);
            }

            return false;
        }
    }
}
