using System;
using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Operators a model type defines and marks [Differentiable] (<c>static Vec2 operator -(Vec2 a, Vec2 b) =&gt; new(a.X - b.X,
    /// a.Y - b.Y);</c>, <c>static double operator *(Vec2 a, Vec2 b) =&gt; a.X * b.X + a.Y * b.Y;</c>): GradGen writes such an
    /// operator where it is used, as it writes a local function. Its operands are evaluated first, in C#'s order, into locals
    /// (a model operand into one local per member), the operator's parameters name them, and its one expression is the value:
    /// a model value member by member, or a number. Nothing is allocated, nothing is called.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The operator and its operands when <paramref name="operation"/> applies a [Differentiable] user-defined
        /// operator (through identity conversions).</summary>
        private static (IMethodSymbol Method, IOperation[] Operands)? WrittenOperator(IOperation operation)
        {
            while (operation is IConversionOperation { Conversion.IsIdentity: true } identity) operation = identity.Operand;
            return operation switch
            {
                IBinaryOperation { OperatorMethod: { } m } binary when IsWrittenOperator(m) => (m, new[] { binary.LeftOperand, binary.RightOperand }),
                IUnaryOperation { OperatorMethod: { } m } unary when IsWrittenOperator(m) => (m, new[] { unary.Operand }),
                _ => null,
            };
        }

        private static readonly SymbolDisplayFormat OperatorFormat = new(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameOnly,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            memberOptions: SymbolDisplayMemberOptions.IncludeParameters,
            parameterOptions: SymbolDisplayParameterOptions.IncludeType,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes);

        /// <summary><c>V.operator -(V, V)</c>.</summary>
        private static string OperatorName(IMethodSymbol method) => method.ContainingType.Name + "." + method.ToDisplayString(OperatorFormat);

        private const string OperatorEvaluatedSometimes =
            "a [Differentiable] operator is written where it is used, before the statement, and this one is evaluated only sometimes (inside ?:, && or ||); assign it to a local in an if statement instead";

        private static bool IsWrittenOperator(IMethodSymbol method) =>
            method.MethodKind == MethodKind.UserDefinedOperator && method.IsStatic && SymbolFacts.IsDifferentiable(method.OriginalDefinition);

        /// <summary>A user-defined operator GradGen does not write where it is used: the error says how to have it written.</summary>
        private Expr? UnwrittenOperator(IOperation operation, IMethodSymbol method) => Unsupported(operation,
            "'" + OperatorName(method) + "' is a user-defined operator; mark it [Differentiable] (its body one expression) and GradGen writes it where it is used");

        /// <summary>The members of the model value a [Differentiable] operator returns (by member path), or null after
        /// reporting why it cannot be written here.</summary>
        private Dictionary<string, Expr>? InlineModelOperator(IOperation at, IMethodSymbol method, IOperation[] operands, ModelShape shape, List<Stmt> output)
        {
            Dictionary<string, Expr>? values = null;
            bool ok = InlineOperator(at, method, operands, output, returned =>
            {
                values = ModelValue(returned, shape, output);
                return values is not null;
            });
            return ok ? values : null;
        }

        /// <summary>The number a [Differentiable] operator returns, or null after reporting why it cannot be written here.</summary>
        private Expr? InlineScalarOperator(IOperation at, IMethodSymbol method, IOperation[] operands)
        {
            if (_effects is not { } output || _sometimes > 0)
            {
                return Unsupported(at, OperatorEvaluatedSometimes);
            }

            Expr? value = null;
            bool ok = InlineOperator(at, method, operands, output, returned =>
            {
                value = LowerExpression(returned);
                return value is not null;
            });
            return ok ? value : null;
        }

        /// <summary>Evaluates the operands into locals, binds the operator's parameters to them and lowers its one expression
        /// with <paramref name="lowerReturned"/>, reading the operator's source through its own semantic model.</summary>
        private bool InlineOperator(IOperation at, IMethodSymbol method, IOperation[] operands, List<Stmt> output, Func<IOperation, bool> lowerReturned)
        {
            IMethodSymbol definition = method.OriginalDefinition;
            string display = OperatorName(method);
            if (_inlining.Any(f => SymbolEqualityComparer.Default.Equals(f, definition)))
            {
                Unsupported(at, "'" + display + "' uses itself, and GradGen writes a [Differentiable] operator where it is used");
                return false;
            }

            if (!_calls.IsInSource(definition) || OperatorBody(definition) is not { } body)
            {
                Unsupported(at, "GradGen writes a [Differentiable] operator where it is used, from its source, so '" + display
                    + "' must be defined in this project with one expression as its body (=> ... or a single return)");
                return false;
            }

            if (definition.Parameters.Length != operands.Length || definition.Parameters.Any(p => p.RefKind is not (RefKind.None or RefKind.In)))
            {
                Unsupported(at, "'" + display + "' takes its operands by reference");
                return false;
            }

            // The operands, in C#'s order, into locals: a model value into one local per member. An assignment inside an
            // operand would move before what the statement reads first, so it is refused.
            var bindings = new List<(IParameterSymbol Parameter, Variable? Scalar, Dictionary<string, Variable>? Leaves)>();
            _inlineModelValues++;
            try
            {
                for (int i = 0; i < operands.Length; i++)
                {
                    IParameterSymbol parameter = definition.Parameters[i];
                    if (IsModelLocalType(parameter.Type))
                    {
                        ModelShape? shape = ModelShapeOfLocal(parameter.Type, operands[i].Syntax, "an operand of '" + display + "'");
                        if (shape is null || ModelValue(operands[i], shape, output) is not { } values) return false;
                        var leaves = new Dictionary<string, Variable>(StringComparer.Ordinal);
                        foreach ((Helpers.EquatableArray<string> path, TypeRef type) in ModelTypes.Leaves(shape))
                        {
                            string access = string.Join(".", path);
                            var leaf = new Variable(_nextId++, NextTempName("_" + parameter.Name + "_" + string.Join("_", path)), type, VariableKind.Synthetic);
                            output.Add(new Declare(leaf, values[access]));
                            leaves[access] = leaf;
                        }

                        bindings.Add((parameter, null, leaves));
                        continue;
                    }

                    if (SymbolFacts.Classify(parameter.Type) is not { IsScalar: true } scalarType)
                    {
                        Unsupported(operands[i], "'" + display + "' takes a '" + parameter.Type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat)
                            + "'; GradGen writes operators of model values and numbers where they are used");
                        return false;
                    }

                    Expr? value = WithEffects(output, () => LowerExpression(operands[i]));
                    if (value is null) return false;
                    var local = new Variable(_nextId++, NextTempName("_" + parameter.Name), scalarType, VariableKind.Synthetic);
                    output.Add(new Declare(local, Converted(Hoist(value, output), scalarType)));
                    bindings.Add((parameter, local, null));
                }
            }
            finally
            {
                _inlineModelValues--;
            }

            // The parameters are bound once every operand is in place (an operand may use the same operator).
            var previous = new List<(IParameterSymbol Parameter, Variable? Scalar, Dictionary<string, Variable>? Leaves)>();
            foreach ((IParameterSymbol parameter, Variable? scalar, Dictionary<string, Variable>? leaves) in bindings)
            {
                previous.Add((parameter, _variables.TryGetValue(parameter, out Variable? v) ? v : null, _modelLeaves.TryGetValue(parameter, out Dictionary<string, Variable>? l) ? l : null));
                if (scalar is not null) _variables[parameter] = scalar;
                else _modelLeaves[parameter] = leaves!;
            }

            SyntaxNode declaration = body.Syntax;
            SemanticModel callerModel = _semanticModel;
            _semanticModel = declaration.SyntaxTree == callerModel.SyntaxTree ? callerModel : _calls.ModelFor(declaration.SyntaxTree);
            _inlining.Add(definition);
            try
            {
                return lowerReturned(body);
            }
            finally
            {
                _inlining.RemoveAt(_inlining.Count - 1);
                _semanticModel = callerModel;
                foreach ((IParameterSymbol parameter, Variable? scalar, Dictionary<string, Variable>? leaves) in previous)
                {
                    if (scalar is not null) _variables[parameter] = scalar;
                    else _variables.Remove(parameter);
                    if (leaves is not null) _modelLeaves[parameter] = leaves;
                    else _modelLeaves.Remove(parameter);
                }
            }
        }

        /// <summary>The one expression an operator's body is (<c>=&gt; e</c> or <c>{ return e; }</c>), or null.</summary>
        private IOperation? OperatorBody(IMethodSymbol method)
        {
            foreach (SyntaxReference reference in method.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(_cancellationToken) is not OperatorDeclarationSyntax declaration) continue;
                SemanticModel model = declaration.SyntaxTree == _semanticModel.SyntaxTree ? _semanticModel : _calls.ModelFor(declaration.SyntaxTree);
                IOperation? returned = model.GetOperation(declaration, _cancellationToken) switch
                {
                    IMethodBodyOperation { ExpressionBody: { Operations.Length: 1 } expression } => (expression.Operations[0] as IReturnOperation)?.ReturnedValue,
                    IMethodBodyOperation { BlockBody: { Operations.Length: 1 } block } => (block.Operations[0] as IReturnOperation)?.ReturnedValue,
                    _ => null,
                };
                while (returned is IConversionOperation { IsImplicit: true, Conversion.IsIdentity: true } identity) returned = identity.Operand;
                return returned;
            }

            return null;
        }

        /// <summary><c>(a - b).X</c>: the member of the model value a [Differentiable] operator returns; null when
        /// <paramref name="operation"/> is not a member read of one.</summary>
        private Expr? OperatorResultMember(IOperation operation, out bool handled)
        {
            handled = false;
            var path = new List<string>();
            IOperation? current = operation;
            while (true)
            {
                switch (current)
                {
                    case IFieldReferenceOperation { Field.IsStatic: false, Instance: { } inner } field:
                        path.Insert(0, field.Field.Name);
                        current = inner;
                        continue;
                    case IPropertyReferenceOperation { Property.IsStatic: false, Property.IsIndexer: false, Instance: { } inner } property:
                        path.Insert(0, property.Property.Name);
                        current = inner;
                        continue;
                    case IConversionOperation { Conversion.IsIdentity: true } identity:
                        current = identity.Operand;
                        continue;
                }

                break;
            }

            if (path.Count == 0 || WrittenOperator(current!) is not { } op || !IsModelLocalType(op.Method.ReturnType)) return null;
            handled = true;
            if (_effects is not { } output || _sometimes > 0)
            {
                return Unsupported(current!, OperatorEvaluatedSometimes);
            }

            ModelShape? shape = ModelShapeOfLocal(op.Method.ReturnType, current!.Syntax, "the value of '" + OperatorName(op.Method) + "'");
            if (shape is null || InlineModelOperator(current, op.Method, op.Operands, shape, output) is not { } values) return null;
            string access = string.Join(".", path);
            if (values.TryGetValue(access, out Expr? member)) return member;
            return Unsupported(operation, "read the double or float members of the value '" + Abbreviate(current.Syntax) + "' one by one");
        }
    }
}
