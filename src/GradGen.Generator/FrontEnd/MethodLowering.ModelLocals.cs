using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Locals of model types made of doubles or floats (<c>var v = new Vec2(a, b);</c>, <c>var l2 = line with { W = w };</c>,
    /// <c>var p = body.Position;</c>): GradGen holds such a local as one local per member (its leaves), as it holds a model-type
    /// parameter, so that reads (<c>v.X</c>), member writes (<c>v.X += d</c>) and whole assignments (<c>v = new Vec2(v.Y, v.X)</c>)
    /// are ordinary scalar code. A value is built by a record's primary constructor, a constructor whose body only assigns its
    /// parameters to members, an object initializer, a <c>with</c> expression, or copied from another model value.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>Whether a local of <paramref name="type"/> is a candidate to be held as its members.</summary>
        private static bool IsModelLocalType(ITypeSymbol type) => SymbolFacts.Classify(type) is null && ModelTypes.IsCandidate(type);

        private void LowerModelLocal(IVariableDeclaratorOperation declarator, IOperation? initializer, List<Stmt> output)
        {
            ILocalSymbol local = declarator.Symbol;
            ModelShape? shape = ModelShapeOfLocal(local.Type, declarator.Syntax);
            if (shape is null)
            {
                _rejectedLocals.Add(local);
                return;
            }

            if (initializer is null)
            {
                _rejectedLocals.Add(local);
                Unsupported(declarator, "a local of a model type needs a value where it is declared");
                return;
            }

            Dictionary<string, Expr>? values = ModelValue(initializer, shape, output);
            if (values is null)
            {
                _rejectedLocals.Add(local);
                return;
            }

            var leaves = new Dictionary<string, Variable>(System.StringComparer.Ordinal);
            foreach ((EquatableArray<string> path, TypeRef type) in ModelTypes.Leaves(shape))
            {
                string access = string.Join(".", path);
                var leaf = new Variable(_nextId++, local.Name + "_" + string.Join("_", path), type, VariableKind.Local);
                leaves[access] = leaf;
                output.Add(new Declare(leaf, values[access]));
            }

            _modelLeaves[local] = leaves;
        }

        /// <summary><c>v = value;</c> for a model local: every member's new value first (they may read the old ones), then the
        /// assignments.</summary>
        private void LowerModelLocalAssignment(ILocalSymbol local, IOperation value, List<Stmt> output)
        {
            Dictionary<string, Variable> leaves = _modelLeaves[local];
            ModelShape? shape = ModelShapeOfLocal(local.Type, value.Syntax);
            if (shape is null || ModelValue(value, shape, output) is not { } values) return;
            var temporaries = new List<(Variable Leaf, Variable Temporary)>();
            foreach (KeyValuePair<string, Variable> entry in leaves)
            {
                Variable leaf = entry.Value;
                var temporary = new Variable(_nextId++, NextTempName("_" + leaf.Name), leaf.Type, VariableKind.Synthetic);
                output.Add(new Declare(temporary, values[entry.Key]));
                temporaries.Add((leaf, temporary));
            }

            foreach ((Variable leaf, Variable temporary) in temporaries) output.Add(new Assign(new VarRef(leaf), new VarRef(temporary)));
        }

        private ModelShape? ModelShapeOfLocal(ITypeSymbol type, SyntaxNode at, string what = "a local")
        {
            string display = type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat);
            if (!ModelTypes.HoldsOnlyRealScalars(type, out string why))
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, at.GetLocation(), Abbreviate(at),
                    what + " of type '" + display + "' is held as its members, and " + why + "; read the members you need into double or float locals instead");
                return null;
            }

            ModelShape? shape = ModelTypes.Analyze(type, _method.ContainingType, _semanticModel.Compilation, out string unbuildable);
            if (shape is null)
            {
                Report(DiagnosticDescriptors.UnsupportedExpression, at.GetLocation(), Abbreviate(at), what + " of type '" + display + "' cannot be held: " + unbuildable);
            }

            return shape;
        }

        /// <summary>The value of each leaf of a model value (by member path), or null after reporting why it cannot be known.
        /// Arguments are lowered in the order C# evaluates them.</summary>
        private Dictionary<string, Expr>? ModelValue(IOperation operation, ModelShape shape, List<Stmt> output)
        {
            // Identity conversions, and the one a target-typed new (Vec2 v = new(a, b)) is wrapped in.
            while (operation is IConversionOperation conversion
                && (conversion.Conversion.IsIdentity || conversion.IsImplicit && SymbolEqualityComparer.Default.Equals(conversion.Type, conversion.Operand.Type)))
            {
                operation = conversion.Operand;
            }

            switch (operation)
            {
                case IObjectCreationOperation creation:
                    return CreatedModelValue(creation, shape, output);
                case IWithOperation with:
                    {
                        Dictionary<string, Expr>? values = ModelValue(with.Operand, shape, output);
                        if (values is null) return null;
                        return with.Initializer is { } initializer && !ApplyInitializer(initializer, shape, values, output) ? null : values;
                    }

                case IBinaryOperation or IUnaryOperation when WrittenOperator(operation) is { } op:
                    return InlineModelOperator(operation, op.Method, op.Operands, shape, output);
                default:
                    if (ModelChain(operation) is { } chain)
                    {
                        Dictionary<string, Variable> source = _modelLeaves[chain.Root];
                        string prefix = string.Join(".", chain.Path);
                        var values = new Dictionary<string, Expr>(System.StringComparer.Ordinal);
                        foreach ((EquatableArray<string> path, TypeRef _) in ModelTypes.Leaves(shape))
                        {
                            string access = string.Join(".", path);
                            if (!source.TryGetValue(prefix.Length == 0 ? access : prefix + "." + access, out Variable? leaf))
                            {
                                Unsupported(operation, "GradGen does not know the member '" + access + "' of this value");
                                return null;
                            }

                            NoteRead(leaf);
                            values[access] = new VarRef(leaf);
                        }

                        return values;
                    }

                    Unsupported(operation, "a value of a model type is created with new (a record's primary constructor, a constructor that assigns its parameters to members, or an object initializer), changed with 'with', returned by a [Differentiable] operator, or copied from another model value");
                    return null;
            }
        }

        private Dictionary<string, Expr>? CreatedModelValue(IObjectCreationOperation creation, ModelShape shape, List<Stmt> output)
        {
            var values = new Dictionary<string, Expr>(System.StringComparer.Ordinal);
            foreach ((EquatableArray<string> path, TypeRef type) in ModelTypes.Leaves(shape))
            {
                values[string.Join(".", path)] = RealConst.Of(0, type.Scalar);
            }

            if (creation.Constructor is { } constructor && !(constructor.IsImplicitlyDeclared && constructor.Parameters.Length == 0))
            {
                if (ConstructorAssignments(constructor) is not { } assigned)
                {
                    Unsupported(creation, "GradGen cannot see what this constructor does with its arguments; use a record's primary constructor, a constructor whose body only assigns its parameters to members (X = x;), or an object initializer");
                    return null;
                }

                foreach (IArgumentOperation argument in creation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
                {
                    if (argument.Parameter is not { } parameter || !assigned.TryGetValue(parameter.Name, out string? member))
                    {
                        // An argument the constructor does not store: evaluated for its effects only when it has none.
                        continue;
                    }

                    if (!SetMember(member, argument.Value, shape, values, output)) return null;
                }
            }

            return creation.Initializer is { } initializer && !ApplyInitializer(initializer, shape, values, output) ? null : values;
        }

        /// <summary>The member each constructor parameter is stored in, by parameter name: a record's primary constructor stores
        /// each in the property of the same name; an explicit constructor qualifies when its body only assigns parameters to
        /// members (<c>X = x;</c>, <c>this.X = x;</c>). Null for any other constructor.</summary>
        private static Dictionary<string, string>? ConstructorAssignments(IMethodSymbol constructor)
        {
            var assigned = new Dictionary<string, string>(System.StringComparer.Ordinal);
            SyntaxNode? syntax = constructor.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
            if (syntax is RecordDeclarationSyntax)
            {
                foreach (IParameterSymbol p in constructor.Parameters) assigned[p.Name] = p.Name;
                return assigned;
            }

            if (syntax is not ConstructorDeclarationSyntax { Initializer: null } declaration) return null;
            IEnumerable<StatementSyntax> statements = declaration.Body?.Statements ?? Enumerable.Empty<StatementSyntax>();
            if (declaration.ExpressionBody is { } arrow) statements = new[] { SyntaxFactoryExpressionStatement(arrow.Expression) };
            foreach (StatementSyntax statement in statements)
            {
                if (statement is not ExpressionStatementSyntax { Expression: AssignmentExpressionSyntax { RawKind: (int)Microsoft.CodeAnalysis.CSharp.SyntaxKind.SimpleAssignmentExpression } assignment }) return null;
                string? member = assignment.Left switch
                {
                    IdentifierNameSyntax name => name.Identifier.ValueText,
                    MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: IdentifierNameSyntax name } => name.Identifier.ValueText,
                    _ => null,
                };
                if (member is null || assignment.Right is not IdentifierNameSyntax parameter || constructor.Parameters.All(p => p.Name != parameter.Identifier.ValueText)) return null;
                assigned[parameter.Identifier.ValueText] = member;
            }

            return assigned;
        }

        private static StatementSyntax SyntaxFactoryExpressionStatement(ExpressionSyntax expression) =>
            Microsoft.CodeAnalysis.CSharp.SyntaxFactory.ExpressionStatement(expression);

        private bool ApplyInitializer(IObjectOrCollectionInitializerOperation initializer, ModelShape shape, Dictionary<string, Expr> values, List<Stmt> output)
        {
            foreach (IOperation item in initializer.Initializers)
            {
                if (item is not ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: var member } } assignment)
                {
                    Unsupported(item, "only members assigned with = can be set here");
                    return false;
                }

                if (!SetMember(member.Name, assignment.Value, shape, values, output)) return false;
            }

            return true;
        }

        /// <summary>Sets the leaves under <paramref name="member"/> from <paramref name="value"/>: a double or float member from
        /// the value, a nested model member from a nested model value. Members without derivatives are ignored (a model local
        /// has none).</summary>
        private bool SetMember(string member, IOperation value, ModelShape shape, Dictionary<string, Expr> values, List<Stmt> output)
        {
            if (shape.Members.FirstOrDefault(m => m.Name == member) is not { } target) return true;
            if (target.Leaf is { } leafType)
            {
                Expr? lowered = WithEffects(output, () => LowerExpression(value));
                if (lowered is null) return false;
                values[member] = Hoist(ConvertTo(lowered, leafType), output);
                return true;
            }

            Dictionary<string, Expr>? nested = ModelValue(value, target.Nested!, output);
            if (nested is null) return false;
            foreach (KeyValuePair<string, Expr> entry in nested) values[member + "." + entry.Key] = entry.Value;
            return true;
        }

        private static Expr ConvertTo(Expr value, TypeRef type) =>
            value.Type.Equals(type) ? value : new Cast(value, type, IsImplicit: true);

        /// <summary>A write to a member of a model local (<c>v.X = e</c>): the leaf's variable; null when the target is not
        /// one.</summary>
        private Expr? ModelLocalMemberTarget(IOperation target)
        {
            if (ModelChain(target) is not { Root: ILocalSymbol local, Path: var path }) return null;
            if (_modelLeaves[local].TryGetValue(string.Join(".", path), out Variable? leaf)) return new VarRef(leaf);
            Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax.GetLocation(), Abbreviate(target.Syntax),
                "assign the double or float members of a model local one by one, or the whole local (" + local.Name + " = new ...)");
            return null;
        }
    }
}
