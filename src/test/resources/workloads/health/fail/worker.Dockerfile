FROM node:20
USER node
HEALTHCHECK CMD node healthcheck.js
