/** Open media: a table on the interaction core and how items are rendered. */
export { MEDIA_TYPES, OPENMEDIA_DEFECTS, OPENMEDIA_STATES, createOpenmediaModel, unknownMediaType, type OpenmediaDefect, type OpenmediaDefectSet, type OpenmediaEvent, type OpenmediaModel, type OpenmediaState, type OpenmediaView } from './model.ts';
export { OPENMEDIA_CHANNEL, renderOpenmedia, renderOpenmediaNotification } from './render.ts';
