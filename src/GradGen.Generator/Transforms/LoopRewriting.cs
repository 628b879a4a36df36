using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Transforms
{
    /// <summary>What replaces one loop: the statements added to <paramref name="output"/>, or false to keep the loop as it is.</summary>
    internal delegate bool LoopRewrite(Loop loop, List<Stmt> output, ref int nextId);

    /// <summary>Rewrites the loops of generated code, innermost first, leaving every other statement as it is.</summary>
    internal static class LoopRewriting
    {
        /// <summary>
        /// Every loop in <paramref name="block"/> (in blocks, branches and other loops' bodies), each after the loops in its
        /// body, through <paramref name="rewrite"/>. Blocks nothing changed in are returned as they are.
        /// </summary>
        public static Block InnermostFirst(Block block, LoopRewrite rewrite, ref int nextId)
        {
            List<Stmt>? output = null;
            for (int index = 0; index < block.Statements.Count; index++)
            {
                Stmt s = block.Statements[index];
                var replacement = new List<Stmt>();
                switch (s)
                {
                    case Block b:
                        replacement.Add(InnermostFirst(b, rewrite, ref nextId));
                        break;
                    case If i:
                        replacement.Add(new If(i.Condition, InnermostFirst(i.Then, rewrite, ref nextId), InnermostFirst(i.Else, rewrite, ref nextId)));
                        break;
                    case Loop l:
                        {
                            var inner = new Loop(l.Kind, l.Initializer, l.Condition, InnermostFirst(l.Body, rewrite, ref nextId), l.Increment);
                            if (!rewrite(inner, replacement, ref nextId)) replacement.Add(inner);
                            break;
                        }

                    default:
                        replacement.Add(s);
                        break;
                }

                if (output is null && replacement.Count == 1 && replacement[0].Equals(s)) continue;
                output ??= block.Statements.Take(index).ToList();
                output.AddRange(replacement);
            }

            return output is null ? block : new Block(output.ToEquatableArray());
        }
    }
}
