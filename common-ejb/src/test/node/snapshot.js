'use strict'
// A comparable picture of a Y.Doc's content: every root and nested type, text with its formatting and embeds.

const Y = require('yjs')

const sortedObject = (o, f) => {
  const r = {}
  Object.keys(o).sort().forEach(k => { r[k] = f(o[k]) })
  return r
}

const value = v => {
  if (v instanceof Y.XmlHook) return { xmlHook: v.hookName, entries: entries(v) }
  if (v instanceof Y.XmlElement) {
    return { xmlElement: v.nodeName, attributes: sortedObject(v.getAttributes(), value), children: v.toArray().map(value) }
  }
  if (v instanceof Y.XmlText) return { xmlText: v.toDelta().map(op) }
  if (v instanceof Y.XmlFragment) return { xmlFragment: v.toArray().map(value) }
  if (v instanceof Y.Text) return { text: v.toDelta().map(op) }
  if (v instanceof Y.Map) return { map: entries(v) }
  if (v instanceof Y.Array) return { array: v.toArray().map(value) }
  if (v instanceof Y.Doc) return { subdoc: v.guid, meta: v.meta === undefined ? null : value(v.meta) }
  if (v instanceof Uint8Array) return { bytes: Array.from(v) }
  if (v === undefined) return { undefined: true }
  if (typeof v === 'number' && Object.is(v, -0)) return { negativeZero: true }
  if (Array.isArray(v)) return v.map(value)
  if (v !== null && typeof v === 'object') return sortedObject(v, value)
  return v
}

const entries = m => {
  const r = {}
  Array.from(m.keys()).sort().forEach(k => { r[k] = value(m.get(k)) })
  return r
}

const op = o => ({ insert: value(o.insert), attributes: o.attributes ? sortedObject(o.attributes, value) : null })

const snapshot = doc => ({
  text: value(doc.getText('text')),
  map: value(doc.getMap('map')),
  array: value(doc.getArray('array')),
  xml: value(doc.getXmlFragment('xml'))
})

module.exports = { snapshot }
