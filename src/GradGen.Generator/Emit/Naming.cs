using System.Collections.Generic;
using System.Globalization;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>
    /// Gives every variable of a generated method a C# name: its preferred name (the user's name for
    /// the user's locals) unless that would clash with a name declared in an enclosing or enclosed
    /// scope, in which case a number is appended. Sibling scopes may reuse names, as the forward and
    /// reverse copies of a loop do.
    /// </summary>
    internal sealed class Naming
    {
        private readonly Dictionary<int, string> _names = new();

        public string this[Variable v] => _names.TryGetValue(v.Id, out string? name) ? name : v.Name;

        /// <summary>Names the parameters (fixed) and then every declaration in <paramref name="body"/>.</summary>
        public static Naming For(IEnumerable<Variable> parameters, Block body)
        {
            var naming = new Naming();
            var visible = new HashSet<string>(System.StringComparer.Ordinal);
            foreach (Variable p in parameters)
            {
                naming._names[p.Id] = p.Name;
                visible.Add(p.Name);
            }

            naming.NameBlock(body, visible);
            return naming;
        }

        /// <summary>A fresh name not in <paramref name="taken"/>.</summary>
        public static string Unique(string preferred, ICollection<string> taken)
        {
            if (!taken.Contains(preferred)) return preferred;
            for (int i = 1; ; i++)
            {
                string candidate = preferred + i.ToString(CultureInfo.InvariantCulture);
                if (!taken.Contains(candidate)) return candidate;
            }
        }

        private void NameBlock(Block block, HashSet<string> visible)
        {
            var scope = new HashSet<string>(visible, System.StringComparer.Ordinal);
            foreach (Stmt s in block.Statements)
            {
                if (s is Declare d) Assign(d.Var, scope);

                // A jagged argument's check loops over its rows with a counter of its own.
                if (s is CheckLength { Row: { } row }) Assign(row, scope);

                // A while or do loop is written after its initializer, which then declares in this block, beside its siblings
                // (a for statement scopes its initializer to the loop).
                if (s is Loop loop && !StatementWriter.PrintsAsFor(loop))
                {
                    foreach (Stmt init in loop.Initializer.Statements)
                    {
                        if (init is Declare declared) Assign(declared.Var, scope);
                    }
                }
            }

            foreach (Stmt s in block.Statements)
            {
                switch (s)
                {
                    case If i:
                        NameBlock(i.Then, scope);
                        NameBlock(i.Else, scope);
                        break;
                    case Loop l:
                        {
                            var loopScope = new HashSet<string>(scope, System.StringComparer.Ordinal);
                            foreach (Stmt init in l.Initializer.Statements)
                            {
                                if (init is Declare d) Assign(d.Var, loopScope); // named already when written before the loop
                            }

                            NameBlock(l.Body, loopScope);
                            break;
                        }

                    case Block nested:
                        NameBlock(nested, scope);
                        break;
                }
            }
        }

        private void Assign(Variable v, HashSet<string> scope)
        {
            if (_names.ContainsKey(v.Id)) return;
            string name = Unique(v.Name, scope);
            _names[v.Id] = name;
            scope.Add(name);
        }
    }
}
